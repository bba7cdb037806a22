import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { emailAddress } from '../../http/email-address.ts';
import { parseJsonBody } from '../../http/validation.ts';
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
export function privacyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireOwner);

  app.post('/find', async (c) => {
    const { email } = await parseJsonBody(c, byEmail);
    return c.json(await findPersonalData(c.var.deps.db, email, c.var.deps.now()));
  });

  /** The same data as a download for the person who asked. */
  app.post('/export', async (c) => {
    const { email } = await parseJsonBody(c, byEmail);
    const data = await findPersonalData(c.var.deps.db, email, c.var.deps.now());
    c.header('Content-Disposition', 'attachment; filename="parley-personal-data.json"');
    c.header('Cache-Control', 'no-store');
    return c.body(`${JSON.stringify(data, null, 2)}\n`, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.post('/erase', async (c) => {
    const { db, now, secret } = c.var.deps;
    const { email, doNotMail } = await parseJsonBody(c, eraseBody);
    const editor = c.var.session.editor;
    const report = await eraseEmail(db, { email, doNotMail, actor: { editorId: editor.id, editorEmail: editor.email }, secret, now: now() });
    return c.json({ erased: report });
  });

  return app;
}
