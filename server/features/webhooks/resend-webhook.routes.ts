import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { constantTimeEqual } from '../../crypto.ts';
import { increment } from '../limits/index.ts';
import { markDelivered, recordEmailEvent, suppressAddresses } from './deliveries.repo.ts';

interface ResendEvent {
  type: string;
  data: { email_id?: string; to?: string[] | string; bounce?: { type?: string; subType?: string; message?: string } };
}

/** The events recorded per message (the overview counts them per broadcast), by Resend's type. */
const RECORDED = { 'email.delivered': 'delivered', 'email.bounced': 'bounced', 'email.complained': 'complained', 'email.opened': 'opened', 'email.clicked': 'clicked' } as const;

/** Svix-signed events are accepted within this window around their timestamp (svix's own default). */
const REPLAY_WINDOW_MS = 5 * 60 * 1000;

/**
 * POST /webhooks/resend: delivery events from Resend, signed by svix. The signature is checked
 * over the raw body exactly as received (re-serialised JSON would not match), timestamps outside
 * five minutes are refused, and an event id seen before is acknowledged without acting again.
 */
export function resendWebhookRoutes(webhookSecret: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const verifier = webhookSecret ? new Webhook(webhookSecret) : undefined;

  app.post('/resend', async (c) => {
    if (!verifier) throw new AppError('not_found', 'Webhooks are not configured: set RESEND_WEBHOOK_SECRET.');
    const { db, now } = c.var.deps;
    const raw = await c.req.text();
    const header = (name: string) => c.req.header(`svix-${name}`) ?? c.req.header(`webhook-${name}`) ?? '';
    const headers = { 'webhook-id': header('id'), 'webhook-timestamp': header('timestamp'), 'webhook-signature': header('signature') };
    const refused = new AppError('unauthorized', 'The webhook signature is missing, wrong or too old.');
    const at = now();
    const timestamp = Number(headers['webhook-timestamp']);
    // The timestamp is checked against the app's clock (the library's verify() would read the
    // machine's), then the library computes the signature over id, timestamp and raw body.
    if (!headers['webhook-id'] || !Number.isInteger(timestamp) || Math.abs(at - timestamp * 1000) > REPLAY_WINDOW_MS) throw refused;
    const expected = verifier.sign(headers['webhook-id'], new Date(timestamp * 1000), raw);
    const offered = headers['webhook-signature'].split(' ');
    if (!offered.some((candidate) => constantTimeEqual(candidate, expected))) throw refused;
    let event: ResendEvent;
    try {
      event = JSON.parse(raw) as ResendEvent;
    } catch {
      throw new AppError('invalid_request', 'The webhook body is not JSON.');
    }
    const seen = await increment(db, `webhook:${headers['webhook-id']}`, REPLAY_WINDOW_MS * 2, at);
    if (seen.count > 1) return c.json({ received: true, duplicate: true });

    const recipients = [event.data.to ?? []].flat().map((e) => e.toLowerCase());
    const providerId = event.data.email_id;
    if (event.type === 'email.delivered' && providerId) {
      await markDelivered(db, providerId, at);
    }
    const recorded = Object.hasOwn(RECORDED, event.type) ? RECORDED[event.type as keyof typeof RECORDED] : undefined;
    if (recorded && providerId) await recordEmailEvent(db, providerId, recorded, at);
    const permanentBounce = event.type === 'email.bounced' && (event.data.bounce?.type ?? 'Permanent').toLowerCase() === 'permanent';
    if ((permanentBounce || event.type === 'email.complained') && recipients.length > 0) {
      const reason = permanentBounce ? 'bounce' : 'complaint';
      await suppressAddresses(db, recipients, reason, event.data.bounce?.message ?? event.type, at);
    }
    return c.json({ received: true });
  });

  return app;
}
