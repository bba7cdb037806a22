/**
 * The contract suite against the bundled Worker inside workerd on D1 (Miniflare), migrated by
 * wrangler from db/migrations. One Worker for the whole file: starting workerd is the slow part.
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { CONTRACT_SUITES } from './suites.ts';
import { type ContractTarget, workerdTarget } from './target.ts';

// Every request crosses into workerd and every query into D1's object: generous on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let target: ContractTarget;
beforeAll(async () => {
  target = await workerdTarget();
});
afterAll(() => target?.close());

for (const suite of CONTRACT_SUITES) suite(() => target);
