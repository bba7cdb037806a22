import { Webhook } from 'standardwebhooks';

/**
 * A new endpoint secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64.
 * Receivers pass it as is to any Standard Webhooks library (`new Webhook(secret)`).
 */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** The three Standard Webhooks headers for one attempt at sending `body`. */
export function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
