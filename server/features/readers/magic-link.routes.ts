import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { emailAddress } from '../../http/email-address.ts';
import { parseJsonBody } from '../../http/validation.ts';

import { publicWriteGuard } from '../../http/public-write-guard.ts';
import type { Site } from '../sites/index.ts';
import { identityJson } from './identities.repo.ts';
import { redeemMagicLink, sendMagicLink } from './magic-links.ts';
import { readerName } from './reader-name.ts';

const requestSchema = z.object({
  email: emailAddress,
  // An empty name field means "no name", as a form sends it.
  name: z.union([z.literal(''), readerName]).optional().transform((s) => s || undefined),
  returnUrl: z.string({ error: 'Return URL is required.' }).max(2048, 'Return URL must be at most 2048 characters.'),
});

const verifySchema = z.object({ token: z.string({ error: 'Token is required.' }).min(1, 'Token is required.').max(256, 'Token is not valid.') });

/**
 * The page the link leads back to must be on one of the site's allowed origins: the link carries
 * a sign-in token, and anywhere else it could be mailed to a page that steals it.
 */
function checkReturnUrl(site: Site, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !site.allowedOrigins.includes(url.origin)) {
    const message = 'The return URL must be a page on one of this site’s allowed origins.';
    throw new AppError('invalid_request', message, { returnUrl: message });
  }
  return url.href;
}

/** The answer to every request for a link, so the API tells nobody which addresses read here. */
const ACCEPTED = { status: 'pending', message: 'Check your inbox: we sent you a link to sign in. It works for 15 minutes.' } as const;

/** POST auth/email (ask for a link) and auth/email/verify (trade it for a bearer token). */
export function magicLinkRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/auth/email', async (c) => {
    const { db, now, secret } = c.var.deps;
    const site = c.var.site;
    const input = await parseJsonBody(c, requestSchema);
    const returnUrl = checkReturnUrl(site, input.returnUrl);
    const email = input.email.toLowerCase();
    const at = now();
    // Asking for a link mails an address someone typed, like a newsletter sign-up, so it shares
    // that limit's setting (per connection), and the same bot checks.
    await publicWriteGuard(c, {
      limits: (ipKey) => [{ key: `signin:ip:${ipKey}`, limit: site.settings.spam.rateLimits.subscribe }],
      tooFast: (wait) => `Too many sign-in requests from your connection. Please try again in ${wait}.`,
    });
    await sendMagicLink(db, { site, email, name: input.name, returnUrl, secret, now: at });
    return c.json(ACCEPTED, 202);
  });

  app.post('/auth/email/verify', async (c) => {
    const { db, now } = c.var.deps;
    const input = await parseJsonBody(c, verifySchema);
    const signedIn = await redeemMagicLink(db, { siteId: c.var.site.id, token: input.token, now: now() });
    if (!signedIn) throw new AppError('invalid_token', 'This sign-in link is not valid: it has expired or was used already. Please ask for a new one.');
    return c.json({ token: signedIn.token, identity: identityJson(signedIn.identity) });
  });

  return app;
}
