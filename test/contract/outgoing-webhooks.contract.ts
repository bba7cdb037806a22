import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startReceiver } from '../support/webhook-receiver.ts';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-hooks';
const LIST = `/api/v1/sites/${SITE}/comments`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;

/**
 * Outgoing webhooks alike on Node and Workers: a comment.created event, written with the comment,
 * reaches a receiver (on 127.0.0.1, allowed by WEBHOOKS_ALLOW_PRIVATE=on in every target) when the
 * runtime drains the webhook outbox (the Node timer's drain, the Worker's cron), signed so that
 * the secret from the create answer verifies it.
 */
export const outgoingWebhooksContract: ContractSuite = (target) => {
  describe('outgoing webhooks', () => {
    let owner: Client;
    let reader: Client;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeAll(async () => {
      receiver = await startReceiver();
      ({ owner, reader } = await siteWithOwner(target, SITE));
    });
    afterAll(() => receiver?.close());

    it('delivers comment.created to a receiver, signed with the endpoint secret', async () => {
      const created = await owner.post(`/api/v1/admin/sites/${SITE}/webhooks`, { url: receiver.url, events: ['comment.created'] });
      expect(created.status).toBe(201);
      const posted = await reader.post(LIST, { page: '/hooked', authorName: 'Ada', authorEmail: 'ada@example.com', body: 'Sent on.', website: '', ...(await reader.proof(CHALLENGE)) });
      expect(posted.status).toBe(201);

      await target().drainWebhooks();
      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      const event = new Webhook(created.body.secret).verify(request!.body, request!.headers as Record<string, string>) as any;
      expect(event.type).toBe('comment.created');
      expect(event.data.site.id).toBe(SITE);
      expect(event.data.comment).toMatchObject({ id: posted.body.comment.id, authorName: 'Ada', body: 'Sent on.' });
      expect(request!.body).not.toContain('ada@example.com');

      const log = await owner.get(`/api/v1/admin/sites/${SITE}/webhooks/${created.body.endpoint.id}/deliveries`);
      expect(log.body.deliveries).toEqual([expect.objectContaining({ event: 'comment.created', status: 'delivered', responseStatus: 200, attempts: 1 })]);
      // Nothing is due any more: another drain sends nothing.
      await target().drainWebhooks();
      expect(receiver.received).toHaveLength(1);
    });
  });
};
