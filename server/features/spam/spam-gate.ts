import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { enforce, type LimitCheck, waitText } from '../limits/index.ts';
import type { SpamSettings } from './spam-settings.ts';
import { recordRefusal } from './attack-level.ts';
import { botCheckFailures, readProof } from './bot-checks.ts';

/** Whether a site's (or the sign-in's) spam layers are on: the environment can only turn them off. */
export function defencesOn(c: Context<AppEnv>, settings: SpamSettings): boolean {
  return c.var.deps.spamDefences !== false && settings.enabled;
}

/** Said to whoever fails a bot check: nothing that would help a script tell which check it failed. */
const REFUSED = 'We could not accept this. Please reload the page and try again.';

/**
 * Runs the bot checks on a submission to `scope`. Passing answers no reasons. Failing either
 * throws 403 `submission_refused`, or, when the site holds instead of refusing and the write can
 * be held (a comment), answers the reasons for the moderation queue.
 */
export async function passBotChecks(c: Context<AppEnv>, options: { scope: string; settings: SpamSettings; holdable: boolean; minFillSeconds?: number }): Promise<string[]> {
  if (!defencesOn(c, options.settings)) return [];
  const { db, secret, now } = c.var.deps;
  const at = now();
  const failures = await botCheckFailures(await readProof(c), {
    db,
    secret,
    scope: options.scope,
    now: at,
    minFillSeconds: options.minFillSeconds ?? options.settings.minFillSeconds,
    hashing: c.var.deps.hashing,
  });
  if (failures.length === 0) return [];
  await recordRefusal(db, { secret, scope: options.scope, ip: c.var.deps.clientIp(c), now: at });
  if (options.holdable && options.settings.failAction === 'hold') return failures.map((f) => `Bot check: ${f}`);
  throw new AppError('submission_refused', REFUSED);
}

/** Applies rate limits when the spam layers are on; 429 with Retry-After and `message` otherwise. */
export async function limitRate(c: Context<AppEnv>, settings: SpamSettings, checks: LimitCheck[], message: (wait: string) => string): Promise<void> {
  if (!defencesOn(c, settings)) return;
  await enforce(c.var.deps.db, checks, c.var.deps.now(), (seconds) => message(waitText(seconds)));
}
