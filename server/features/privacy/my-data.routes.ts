import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { exportReaderData } from './my-data.ts';
import { requireReader } from '../readers/index.ts';
import { eraseEmail } from './erase.ts';

/** A signed-in reader's own data: GET me/export as JSON, DELETE me to erase it ("delete my data"). */
export function myDataRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/me/export', async (c) => {
    const { identity } = await requireReader(c);
    const data = await exportReaderData(c.var.deps.db, identity, c.var.deps.now());
    c.header('Cache-Control', 'private, no-store');
    c.header('Content-Disposition', `attachment; filename="parley-${identity.siteId}-my-data.json"`);
    return c.json(data);
  });

  // The same erase as the dashboard's privacy requests, limited to this site and this reader.
  app.delete('/me', async (c) => {
    const { identity } = await requireReader(c);
    const { db, secret, now } = c.var.deps;
    const report = await eraseEmail(db, {
      email: identity.email,
      reader: { siteId: identity.siteId, identityId: identity.id },
      doNotMail: false,
      actor: { reader: true },
      secret,
      now: now(),
    });
    return c.json({ deleted: true, comments: report.commentsRemoved + report.commentsAnonymised, subscriptions: report.subscribersRemoved });
  });

  return app;
}
