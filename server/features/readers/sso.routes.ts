import { Hono } from 'hono';
import { z } from 'zod';
import { atomic } from '../../../db/atomic.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { newToken, sha256Hex } from '../../crypto.ts';
import { parseJsonBody } from '../../http/validation.ts';
import { type Identity, identityIdOf, identityJson, refreshAuthorProfileStatement, upsertSsoIdentity } from './identities.repo.ts';
import { insertReaderSessionStatement } from './reader-sessions.ts';
import { MAX_SSO_TOKEN_CHARS, SsoTokenError, ssoSecretOf, verifySsoToken } from './sso.ts';

const ssoSchema = z.object({
  token: z.string({ error: 'Token is required.' }).min(1, 'Token is required.').max(MAX_SSO_TOKEN_CHARS, 'Token is too long.'),
});

/** POST auth/sso: trades a token signed by the publisher's server for a Parley bearer token. */
export function ssoRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/auth/sso', async (c) => {
    const { db, now } = c.var.deps;
    const site = c.var.site;
    const input = await parseJsonBody(c, ssoSchema);
    const secret = await ssoSecretOf(db, site.id);
    if (!secret) throw new AppError('invalid_token', 'Sign-in through the publisher is not set up for this site.');
    const at = now();
    let profile;
    try {
      profile = await verifySsoToken(input.token, secret, at);
    } catch (err) {
      if (err instanceof SsoTokenError) throw new AppError('invalid_token', err.message);
      throw err;
    }
    const identityId = identityIdOf(site.id, 'sso', profile.subject);
    const bearer = newToken();
    const [rows] = (await atomic(db, [
      upsertSsoIdentity(db, { siteId: site.id, profile, now: at }),
      insertReaderSessionStatement(db, { tokenHash: await sha256Hex(bearer), identityId, kind: 'sso', now: at }),
      refreshAuthorProfileStatement(db, identityId, profile, at),
    ])) as [Identity[]];
    return c.json({ token: bearer, identity: identityJson(rows[0]!) });
  });

  return app;
}
