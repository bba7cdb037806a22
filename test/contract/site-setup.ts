import { Client } from './client.ts';
import { addSite, type ContractTarget } from './target.ts';

/** Limits high enough that a suite's many posts from one address are not throttled. */
const ROOMY_LIMITS = {
  comment: { limit: 10_000, windowSeconds: 60 },
  commentHourly: { limit: 10_000, windowSeconds: 3600 },
  flag: { limit: 10_000, windowSeconds: 600 },
  subscribe: { limit: 10_000, windowSeconds: 3600 },
};

/**
 * A fresh site for one suite, and the owner signed in. The spam defences stay on (form token,
 * honeypot, proof of work); only the waits a person would cause are shortened, since workerd
 * runs on real time: no minimum fill time, the easiest proof of work, roomy rate limits.
 */
export async function siteWithOwner(target: () => ContractTarget, site: string): Promise<{ owner: Client; reader: Client }> {
  await addSite(target(), site);
  const reader = new Client(target);
  const owner = await reader.signIn();
  const res = await owner.request('PATCH', `/api/v1/admin/sites/${site}`, { spam: { minFillSeconds: 0, powDifficulty: 1000, rateLimits: ROOMY_LIMITS } });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
  return { owner, reader };
}
