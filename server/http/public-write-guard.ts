import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { dailyIpKey, type LimitCheck } from '../features/limits/index.ts';
import { limitRate, passBotChecks, type SpamSettings } from '../features/spam/index.ts';

export interface PublicWriteGuardOptions {
  /** The rate limits this write counts against, given the key of the writer's address for today. */
  limits: (ipKey: string) => LimitCheck[];
  /** The 429 message, given the wait in words ("2 minutes"). */
  tooFast: (wait: string) => string;
  /**
   * Bot checks (form token, proof of work, honeypot): `refuse` answers 403 on failure; `hold`
   * answers the failures instead when the site holds rather than refuses (a comment can wait for
   * a moderator); `none` for actions on a page already shown, that carry no form (votes, edits).
   */
  botChecks?: 'refuse' | 'hold' | 'none';
  /** The defences and the scope their form tokens are issued for; the site's by default. */
  defences?: { settings: SpamSettings; scope: string; minFillSeconds?: number };
}

/**
 * The guard in front of every write an anonymous client can make (comment, reply, edit, vote,
 * report, sign-up, sign-in link, editors' sign-in): rate limits first, then bot checks, both only
 * while the site's (or the sign-in's) defences are on. Cheapest first, and nothing here spends the
 * form token before a rate limit refused, so a reader who retries later keeps their form.
 * Answers the reasons to hold the write for review (only with `botChecks: 'hold'`).
 */
export async function publicWriteGuard(c: Context<AppEnv>, options: PublicWriteGuardOptions): Promise<string[]> {
  const { secret, now, hashing } = c.var.deps;
  const { settings, scope, minFillSeconds } = options.defences ?? { settings: c.var.site.settings.spam, scope: c.var.site.id };
  const ipKey = await dailyIpKey(secret, c.var.deps.clientIp(c), now(), hashing);
  await limitRate(c, settings, options.limits(ipKey), options.tooFast);
  const botChecks = options.botChecks ?? 'refuse';
  if (botChecks === 'none') return [];
  return passBotChecks(c, { scope, settings, holdable: botChecks === 'hold', ...(minFillSeconds === undefined ? {} : { minFillSeconds }) });
}
