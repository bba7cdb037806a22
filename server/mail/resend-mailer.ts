import { Resend } from 'resend';
import type { BatchOutcome, Mailer, OutgoingMessage } from './mailer.ts';

interface ResendError {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

/**
 * How long Resend asks us to wait: `retry-after` (seconds) when present, else the rate-limit
 * reset header, else a second.
 */
function retryAfterMs(headers: Record<string, string> | null): number {
  const retry = Number(headers?.['retry-after']);
  if (Number.isFinite(retry) && retry >= 0) return Math.max(1000, retry * 1000);
  const reset = Number(headers?.['ratelimit-reset'] ?? headers?.['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset >= 0) return Math.max(1000, reset * 1000);
  return 1000;
}

function failure(error: ResendError, headers: Record<string, string> | null): BatchOutcome {
  const status = error.statusCode ?? null;
  const message = `${error.name ?? 'error'}: ${error.message ?? 'unknown error'}${status ? ` (HTTP ${status})` : ''}`;
  if (status === 429 || error.name === 'rate_limit_exceeded') return { ok: false, permanent: false, error: message, retryAfterMs: retryAfterMs(headers) };
  // No status means the request never got an answer (network, timeout): worth another try, as
  // is any 5xx. Quota errors clear with time too. Other 4xx answers will not change on retry.
  const transient = status === null || status >= 500 || error.name === 'daily_quota_exceeded' || error.name === 'concurrent_idempotent_requests';
  return { ok: false, permanent: !transient, error: message };
}

function payload(m: OutgoingMessage) {
  return { from: m.from, to: [m.to], subject: m.subject, html: m.html, text: m.text, headers: m.headers };
}

/**
 * Sends through Resend with the official SDK: one message by /emails, several by /emails/batch.
 * The SDK has no timeout of its own, so each call carries an abort signal; a call that times out
 * counts as a network failure and is retried with the same idempotency key.
 */
export function resendMailer(apiKey: string, options: { baseUrl?: string | undefined; timeoutMs?: number } = {}): Mailer {
  const client = new Resend(apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    kind: 'resend',
    maxBatch: 100,
    async send(messages, batchKey): Promise<BatchOutcome> {
      try {
        return await call(messages, batchKey);
      } catch (err) {
        return { ok: false, permanent: false, error: `network: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
  };

  async function call(messages: OutgoingMessage[], batchKey: string): Promise<BatchOutcome> {
    const signal = AbortSignal.timeout(timeoutMs);
    {
      if (messages.length === 1) {
        const [m] = messages as [OutgoingMessage];
        const res = await client.emails.send(payload(m), { idempotencyKey: m.idempotencyKey, signal } as { idempotencyKey: string });
        if (res.error) return failure(res.error as ResendError, res.headers);
        return { ok: true, results: [{ id: m.id, providerId: res.data!.id }] };
      }
      const res = await client.batch.send(messages.map(payload), { idempotencyKey: batchKey, batchValidation: 'permissive', signal } as { idempotencyKey: string; batchValidation: 'permissive' });
      if (res.error) return failure(res.error as ResendError, res.headers);
      const data = res.data as { data: { id: string }[]; errors?: { index: number; message: string }[] };
      const errors = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
      // In permissive mode Resend answers ids for the accepted messages, in order, and an
      // error with the index of each refused one.
      let next = 0;
      return {
        ok: true,
        results: messages.map((m, index) => {
          const error = errors.get(index);
          if (error !== undefined) return { id: m.id, error, permanent: true };
          const accepted = data.data[next++];
          return accepted ? { id: m.id, providerId: accepted.id } : { id: m.id, error: 'no id returned for this message', permanent: false };
        }),
      };
    }
  }
}
