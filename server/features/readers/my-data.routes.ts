import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { exportReaderData } from './my-data.ts';
import { requireReader } from './reader-sessions.ts';

/** GET me/export: a signed-in reader's own data, as JSON. */
export function myDataRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/me/export', async (c) => {
    const { identity } = await requireReader(c);
    const data = await exportReaderData(c.var.deps.db, identity, c.var.deps.now());
    c.header('Cache-Control', 'private, no-store');
    c.header('Content-Disposition', `attachment; filename="parley-${identity.siteId}-my-data.json"`);
    return c.json(data);
  });

  return app;
}
