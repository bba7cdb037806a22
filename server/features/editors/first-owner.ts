import type { AppDb } from '../../../db/client.ts';
import { randomBase64url } from '../../crypto.ts';
import { countEditors, createEditor } from './editors.repo.ts';

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/** A random password people can copy without confusion: 18 base64url characters (108 bits). */
export function randomPassword(): string {
  return randomBase64url(14).slice(0, 18);
}

/**
 * On a fresh install, creates the first owner: from PARLEY_ADMIN_EMAIL/PARLEY_ADMIN_PASSWORD when
 * set, else (with `generate`, the Node server's default) `admin@localhost` with a random password,
 * which is returned so it can be shown once on the console. Does nothing once any editor exists.
 *
 * A Worker passes `generate: false`: its only place to show a password is its log, which is kept
 * by Cloudflare, streamed to whoever runs `wrangler tail` and forwarded to log services, so it
 * waits for the two secrets instead.
 */
export async function ensureFirstOwner(
  db: AppDb,
  configured: { email: string | undefined; password: string | undefined },
  now: number,
  options: { generate?: boolean } = {},
): Promise<{ email: string; generatedPassword?: string } | undefined> {
  if ((await countEditors(db)) > 0) return undefined;
  if (configured.email && configured.password) {
    await createEditor(db, { email: configured.email, role: 'owner', password: configured.password, name: 'Owner' }, now);
    return { email: configured.email };
  }
  if (options.generate === false) return undefined;
  const password = randomPassword();
  await createEditor(db, { email: DEFAULT_ADMIN_EMAIL, role: 'owner', password, name: 'Admin' }, now);
  return { email: DEFAULT_ADMIN_EMAIL, generatedPassword: password };
}
