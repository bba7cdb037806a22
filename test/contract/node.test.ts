/** The contract suite against the Node app on better-sqlite3 (in-memory, migrated by drizzle). */
import { afterAll, beforeAll } from 'vitest';
import { CONTRACT_SUITES } from './suites.ts';
import { type ContractTarget, nodeTarget } from './target.ts';

let target: ContractTarget;
beforeAll(async () => {
  target = await nodeTarget();
});
afterAll(() => target?.close());

for (const suite of CONTRACT_SUITES) suite(() => target);
