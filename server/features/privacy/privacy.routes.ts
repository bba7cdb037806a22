import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { emailAddress } from '../../http/email-address.ts';
import { jsonBody } from '../../http/typed-validators.ts';
import { requireOwner } from '../editors/index.ts';
import { eraseEmail, normaliseEmail } from './erase.ts';
import { findPersonalData } from './find.ts';

const byEmail = z.object({ email: emailAddress.transform(normaliseEmail) });
const eraseBody = byEmail.extend({
  /** Ticked only when the person asked never to be emailed again. */
  doNotMail: z.boolean({ error: 'Say whether the person asked not to be emailed again (doNotMail: true or false).' }),
});

/**
 * Privacy requests under /api/v1/admin/privacy, owners only, across every site. Everything is a
 * POST so the address travels in the body, never in URLs and access logs.
 */
export function privacyRoutes() {
  return new Hono<AppEnv>()
    .use(requireOwner)
    .post('/find', jsonBody(byEmail), async (c) => {
      const { email } = c.req.valid('json');
      return c.json(await findPersonalData(c.var.deps.db, email, c.var.deps.now()));
    })
    /** The same data as a download for the person who asked. */
    .post('/export', jsonBody(byEmail), async (c) => {
      const { email } = c.req.valid('json');
      const data = await findPersonalData(c.var.deps.db, email, c.var.deps.now());
      c.header('Content-Disposition', 'attachment; filename="parley-personal-data.json"');
      c.header('Cache-Control', 'no-store');
      return c.body(`${JSON.stringify(data, null, 2)}\n`, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    })
    .post('/erase', jsonBody(eraseBody), async (c) => {
      const { db, now, secret } = c.var.deps;
      const { email, doNotMail } = c.req.valid('json');
      const editor = c.var.session.editor;
      const report = await eraseEmail(db, { email, doNotMail, actor: { editorId: editor.id, editorEmail: editor.email }, secret, now: now() });
      return c.json({ erased: report });
    });
}
