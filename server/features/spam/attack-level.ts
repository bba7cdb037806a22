import type { AppDb } from '../../../db/client.ts';
import { consume, dailyIpKey, increment } from '../limits/index.ts';
import { signCounter } from './attack-signs.repo.ts';

/** Signs of an attack are counted over ten minutes. */
const WINDOW_MS = 600_000;
/**
 * Challenges one address may ask for in the window before its work is made harder. Generous,
 * because a newsroom or a campus shares one address among many readers.
 */
const CHALLENGES_PER_READER = 30;
/** Refused submissions from one address, and on one site or scope, that raise the difficulty. */
const REFUSALS_PER_READER = 3;
const REFUSALS_PER_SCOPE = 50;
const MAX_DIFFICULTY = 10_000_000;

async function recentCount(db: AppDb, key: string, now: number): Promise<number> {
  const row = await signCounter(db, key);
  return row && row.windowStart > now - WINDOW_MS ? row.count : 0;
}

interface Who {
  secret: string;
  /** A site id, or "admin" for the dashboard's sign-in. */
  scope: string;
  ip: string | undefined;
  now: number;
}

/**
 * How hard the next proof of work is: the base, four times harder for each sign that this reader
 * or this site is under attack (many challenges asked for, refusals from the address, refusals
 * across the site). A reader who asks for a couple of challenges never notices.
 */
export async function difficultyFor(db: AppDb, who: Who, base: number): Promise<number> {
  const ipKey = await dailyIpKey(who.secret, who.ip, who.now);
  const asked = await consume(db, { key: `challenges:${ipKey}`, limit: { limit: CHALLENGES_PER_READER, windowSeconds: WINDOW_MS / 1000 }, sliding: true }, who.now);
  let level = 0;
  if (!asked.allowed) level++;
  if ((await recentCount(db, `refused:ip:${ipKey}`, who.now)) >= REFUSALS_PER_READER) level++;
  if ((await recentCount(db, `refused:scope:${who.scope}`, who.now)) >= REFUSALS_PER_SCOPE) level++;
  return Math.min(base * 4 ** level, MAX_DIFFICULTY);
}

/** Counts a refused submission towards the attack signs of its address and its site. */
export async function recordRefusal(db: AppDb, who: Who): Promise<void> {
  const ipKey = await dailyIpKey(who.secret, who.ip, who.now);
  await increment(db, `refused:ip:${ipKey}`, WINDOW_MS, who.now);
  await increment(db, `refused:scope:${who.scope}`, WINDOW_MS, who.now);
}
