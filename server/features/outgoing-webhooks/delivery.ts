import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { VERSION } from '../../version.ts';
import { destinationProblem, type ResolveHost } from './address-guard.ts';
import { claimById, claimDue, deleteFinishedBefore, deliveredStatements, type DueDelivery, failedStatements, failureStreakOf, ownerEmails } from './deliveries.repo.ts';
import { endpointDisabledEmails } from './disabled-email.ts';
import { signatureHeaders } from './signing.ts';
import { slackText } from './slack-format.ts';

/**
 * How long after a failed attempt the next one is made: after the 1st, 1 minute; then 5 and 15
 * minutes, half an hour, 1, 2, 4 and 8 hours, and 8 hours again. The 10th attempt comes about
 * 24 hours after the first; if it fails too, the delivery is failed for good.
 */
export const RETRY_DELAYS_MS = [1, 5, 15, 30, 60, 120, 240, 480, 480].map((m) => m * 60_000);
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Failed attempts in a row (with no success between) after which the endpoint is turned off. */
export const DISABLE_AFTER_FAILURES = 10;
/** A receiver gets this long to answer each attempt. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** A drain that dies mid-send leaves its rows claimed this long; then another drain retries them. */
const LEASE_MS = 2 * 60_000;
/** Deliveries sent at once by one drain. */
const PARALLEL = 8;
/** Bytes of the receiver's answer kept in the log. */
const SNIPPET_BYTES = 300;

/** How this runtime reaches receivers: the SSRF switch, a DNS lookup where there is one, and fetch. */
export interface WebhookTransport {
  /** WEBHOOKS_ALLOW_PRIVATE=on: loopback and private addresses (and http://) are allowed. */
  allowPrivate: boolean;
  /** Node: node:dns, so names that point at private addresses are refused before sending. */
  resolveHost?: ResolveHost | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface DeliveryOptions extends WebhookTransport {
  now: () => number;
  /** The server's public origin: the dashboard link in Slack messages and owner emails. */
  publicUrl: string;
  /** Most deliveries to take in this drain. */
  limit?: number;
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
}

interface Outcome {
  ok: boolean;
  /** Worth trying again later: no answer, a timeout, 408, 429 or 5xx. */
  retry: boolean;
  status: number | null;
  snippet: string | null;
  error: string | null;
}

/** The first bytes of an answer, as text, without reading a huge body to its end. */
async function snippetOf(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  const text = new TextDecoder().decode(bytes.slice(0, SNIPPET_BYTES)).trim();
  return text || null;
}

/** One attempt at sending a delivery. */
async function attempt(d: DueDelivery, options: DeliveryOptions, at: Date): Promise<Outcome> {
  const problem = await destinationProblem(d.url, options.allowPrivate, options.resolveHost);
  if (problem) {
    // A name that failed to resolve may resolve later; a private address is refused for good.
    return { ok: false, retry: problem.startsWith('could not resolve'), status: null, snippet: null, error: `not sent: ${problem}` };
  }
  const dashboardUrl = `${options.publicUrl}/admin/#/queue/pending`;
  const body = d.format === 'slack' ? JSON.stringify({ text: slackText(d.payload, dashboardUrl) }) : d.payload;
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': `Parley-Webhooks/${VERSION}`,
    ...signatureHeaders(d.secret, d.id, at, body),
  };
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    // Redirects are not followed: a receiver could otherwise bounce the request to an address the
    // checks above refused.
    response = await send(d.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? ATTEMPT_TIMEOUT_MS) });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { ok: false, retry: true, status: null, snippet: null, error: timedOut ? `no answer within ${(options.timeoutMs ?? ATTEMPT_TIMEOUT_MS) / 1000} s` : `network error: ${err instanceof Error ? err.message : String(err)}` };
  }
  const snippet = await snippetOf(response).catch(() => null);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, retry: false, status, snippet, error: null };
  if (status >= 300 && status < 400) return { ok: false, retry: false, status, snippet, error: `answered a redirect (${status}); redirects are not followed, register the final URL` };
  // The receiver may be down or busy: 408, 429 and 5xx are tried again. Any other 4xx says the
  // request itself is refused (wrong path, bad signature …), which a retry would not change.
  const retry = status === 408 || status === 429 || status >= 500;
  return { ok: false, retry, status, snippet, error: `answered ${status}` };
}

/** Records an attempt's outcome; on the failure that ends the endpoint's run, turns it off and tells the owners. */
async function record(db: AppDb, d: DueDelivery, outcome: Outcome, options: DeliveryOptions, atMs: number, report: DeliveryReport): Promise<void> {
  const base = { id: d.id, endpointId: d.endpointId, at: atMs, status: outcome.status, snippet: outcome.snippet, error: outcome.error };
  if (outcome.ok) {
    await atomic(db, deliveredStatements(db, base));
    report.delivered++;
    return;
  }
  const attempts = d.attempts + 1;
  // A test event is one attempt, shown to the owner at once; it neither retries nor counts toward turning the endpoint off.
  const isTest = d.event === 'webhook.test';
  const retryAt = outcome.retry && !isTest && attempts < MAX_ATTEMPTS ? atMs + RETRY_DELAYS_MS[attempts - 1]! : null;
  if (retryAt === null) report.failed++;
  else report.retried++;
  // Only a delivery's last failure can turn the endpoint off, and only after DISABLE_AFTER_FAILURES
  // failed attempts with no success between: one slow night does not, a dead receiver does.
  const streak = (await failureStreakOf(db, d.endpointId)) + 1;
  if (retryAt !== null || streak < DISABLE_AFTER_FAILURES || isTest) {
    await atomic(db, failedStatements(db, { ...base, retryAt, countFailure: !isTest }));
    return;
  }
  const reason = `Turned off automatically after ${streak} failed attempts in a row; the last: ${outcome.error}.`;
  const emails = endpointDisabledEmails(db, await ownerEmails(db), {
    siteId: d.siteId,
    siteName: d.siteName,
    endpointId: d.endpointId,
    endpointUpdatedAt: d.endpointUpdatedAt,
    url: d.url,
    reason,
    dashboardUrl: `${options.publicUrl}/admin/#/webhooks`,
    now: atMs,
  });
  await atomic(db, [...failedStatements(db, { ...base, retryAt, countFailure: true, disable: reason }), ...emails]);
  report.disabled++;
}

/**
 * Sends one delivery, then records the outcome through `serial`: requests go out in parallel, but
 * outcomes are recorded one after the other, so each failure reads the endpoint's failure count
 * after the one before it wrote (two at once would both read 8 and neither turn it off at 10).
 */
async function sendOne(db: AppDb, d: DueDelivery, options: DeliveryOptions, report: DeliveryReport, serial: Serial): Promise<void> {
  const at = options.now();
  const outcome = await attempt(d, options, new Date(at));
  await serial(() => record(db, d, outcome, options, options.now(), report));
}

type Serial = (task: () => Promise<void>) => Promise<void>;

/** Runs the tasks given to it one at a time, in the order given. */
function serialQueue(): Serial {
  let last: Promise<void> = Promise.resolve();
  return (task) => {
    const next = last.then(task);
    last = next.catch(() => {});
    return next;
  };
}

/**
 * Sends what is due in the webhook outbox, a few at a time. Safe to run concurrently (rows are
 * leased first) and to crash anywhere: a delivery is marked only after the receiver answered,
 * and a resend carries the same webhook-id, so receivers can drop the duplicate.
 */
export async function drainWebhooks(db: AppDb, options: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
  const serial = serialQueue();
  const limit = options.limit ?? 500;
  let taken = 0;
  while (taken < limit) {
    const claimed = await claimDue(db, options.now(), LEASE_MS, Math.min(PARALLEL, limit - taken));
    if (claimed.length === 0) break;
    taken += claimed.length;
    await Promise.all(claimed.map((d) => sendOne(db, d, options, report, serial)));
  }
  return report;
}

/** Sends one queued delivery now (the dashboard's "send test event"); undefined if another drain has it. */
export async function deliverNow(db: AppDb, id: string, options: DeliveryOptions): Promise<DeliveryReport | undefined> {
  const d = await claimById(db, id, options.now(), LEASE_MS);
  if (!d) return undefined;
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
  await sendOne(db, d, options, report, serialQueue());
  return report;
}

/** How long the delivery log keeps a finished delivery. */
export const LOG_RETENTION_MS = 30 * 86_400_000;

/** Forgets finished deliveries older than {@link LOG_RETENTION_MS} (the hourly housekeeping). */
export async function purgeOldDeliveries(db: AppDb, now: number): Promise<void> {
  await deleteFinishedBefore(db, now - LOG_RETENTION_MS);
}
