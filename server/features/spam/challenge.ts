import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import type { SpamSettings } from './spam-settings.ts';
import { difficultyFor } from './attack-level.ts';
import { HONEYPOT_FIELD, issueChallenge } from './bot-checks.ts';
import { defencesOn } from './spam-gate.ts';

/**
 * The answer to "what must my form send?": a form token and a proof-of-work challenge, or
 * `enabled: false` when the layers are off. Never cached: each token serves one submission.
 */
export async function challengeResponse(c: Context<AppEnv>, scope: string, settings: SpamSettings, minFillSeconds = settings.minFillSeconds): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  if (!defencesOn(c, settings)) return c.json({ enabled: false });
  const { db, secret, now } = c.var.deps;
  const at = now();
  const maxnumber = await difficultyFor(db, { secret, scope, ip: c.var.deps.clientIp(c), now: at }, settings.powDifficulty);
  const issued = await issueChallenge(secret, scope, maxnumber, at);
  return c.json({ enabled: true, ...issued, minFillSeconds, honeypotField: HONEYPOT_FIELD });
}
