/**
 * The contract suite against the production bundle: dist/server/node.js started with plain
 * `node` (no TypeScript loader) on a temp database file, over HTTP.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { CONTRACT_SUITES } from './suites.ts';
import { bundleTarget, type ContractTarget } from './target.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let target: ContractTarget;
beforeAll(async () => {
  target = await bundleTarget();
});
afterAll(() => target?.close());

for (const suite of CONTRACT_SUITES) suite(() => target);
