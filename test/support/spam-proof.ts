import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sites } from '../../db/schema.ts';
import type { TestApp } from './test-app.ts';

export type Proof = { formToken: string; pow: string };

/** Asks for a challenge and solves it as the widget does (same ALTCHA v1 payload). */
export async function solvedProof(t: TestApp, path = '/api/v1/sites/news/challenge'): Promise<Proof> {
  const res = await t.get(path);
  if (res.status !== 200 || !res.body.enabled) throw new Error(`no challenge: ${res.status} ${JSON.stringify(res.body)}`);
  return { formToken: res.body.formToken, pow: await solve(res.body.challenge) };
}

export async function solve(challenge: { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string }, number?: number): Promise<string> {
  const found = number ?? bruteForce(challenge);
  const { algorithm, salt, signature } = challenge;
  return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number: found, salt, signature }));
}

/** The browser's search, with Node's synchronous hash (tests solve many challenges). */
function bruteForce(challenge: { challenge: string; maxnumber: number; salt: string }): number {
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (createHash('sha256').update(challenge.salt + n).digest('hex') === challenge.challenge) return n;
  }
  throw new Error('challenge not solvable');
}

/** Changes the `news` site's spam settings directly (the admin API is tested elsewhere). */
export async function setSpamSettings(t: TestApp, patch: Record<string, unknown>): Promise<void> {
  const row = await t.db.select({ settings: sites.settings }).from(sites).where(eq(sites.id, 'news')).get();
  const settings = JSON.parse(row!.settings) as Record<string, unknown>;
  settings.spam = { ...(settings.spam as object | undefined), ...patch };
  await t.db.update(sites).set({ settings: JSON.stringify(settings) }).where(eq(sites.id, 'news'));
}
