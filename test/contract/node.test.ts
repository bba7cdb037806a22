/** The contract suite against the Node app on better-sqlite3 (in-memory). */
import { afterAll, beforeAll } from 'vitest';
import { adminContract } from './admin.contract.ts';
import { bulkContract } from './bulk.contract.ts';
import { commentsContract } from './comments.contract.ts';
import { newsletterContract } from './newsletter.contract.ts';
import { type ContractTarget, nodeTarget } from './target.ts';

let target: ContractTarget;
beforeAll(async () => {
  target = await nodeTarget();
});
afterAll(() => target?.close());

for (const suite of [commentsContract, adminContract, newsletterContract, bulkContract]) suite(() => target);
