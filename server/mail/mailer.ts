/** An email ready to hand to a provider. */
export interface OutgoingMessage {
  /** The outbox row id. */
  id: string;
  idempotencyKey: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** What happened to one message of a batch the provider accepted. */
export type MessageResult = { id: string; providerId: string } | { id: string; error: string; permanent: boolean };

/** The outcome of one call to the provider. */
export type BatchOutcome =
  | { ok: true; results: MessageResult[] }
  /** The whole call failed: rate limited (retryAfterMs), a provider or network fault, or refused. */
  | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

/** The port through which the outbox drain sends mail. */
export interface Mailer {
  /** 'local' keeps mail in the outbox (the development mailbox) instead of sending it. */
  readonly kind: 'resend' | 'local';
  /** The most messages one call may carry. */
  readonly maxBatch: number;
  send(messages: OutgoingMessage[], batchKey: string): Promise<BatchOutcome>;
}
