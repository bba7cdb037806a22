/**
 * Every contract suite, run on both targets (test/contract/node.test.ts and workerd.test.ts). A
 * feature whose API must behave alike on Node and on Workers adds its suite here, once.
 */
import { adminContract } from './admin.contract.ts';
import { alertsContract } from './alerts.contract.ts';
import { bulkContract } from './bulk.contract.ts';
import { commentsContract } from './comments.contract.ts';
import { importContract } from './import.contract.ts';
import { liveContract } from './live.contract.ts';
import { newsletterContract } from './newsletter.contract.ts';
import { outgoingWebhooksContract } from './outgoing-webhooks.contract.ts';
import { readersContract } from './readers.contract.ts';
import { sharedReadsContract } from './shared-reads.contract.ts';
import { statsContract } from './stats.contract.ts';
import type { ContractSuite } from './target.ts';

export const CONTRACT_SUITES: ContractSuite[] = [commentsContract, adminContract, newsletterContract, readersContract, bulkContract, importContract, liveContract, sharedReadsContract, alertsContract, outgoingWebhooksContract, statsContract];
