import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { identityJson } from './identities.repo.ts';
import { revokeReaderSession } from './reader-sessions.repo.ts';
import { requireReader } from './reader-sessions.ts';

/** GET auth/me and POST auth/sign-out, for the holder of a bearer token. */
export function readerSessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/auth/me', async (c) => {
    const { identity } = await requireReader(c);
    // Personal: never kept by a shared cache.
    c.header('Cache-Control', 'private, no-store');
    return c.json({ identity: identityJson(identity) });
  });

  app.post('/auth/sign-out', async (c) => {
    const { tokenHash } = await requireReader(c);
    await revokeReaderSession(c.var.deps.db, tokenHash);
    return c.json({ signedOut: true });
  });

  return app;
}
