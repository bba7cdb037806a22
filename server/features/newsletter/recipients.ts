import type { AppDb } from '../../../db/client.ts';
import type { SubscriptionTopic } from '../../../db/schema.ts';
import { signToken } from '../../crypto.ts';
import type { Unsubscribe } from './newsletter-email.ts';
import { recipientsPage } from './subscriptions.repo.ts';

export interface Recipient {
  subscriberId: string;
  subscriptionId: string;
  email: string;
}

/**
 * Confirmed subscribers of a topic who may be mailed (active, not suppressed), in pages by id so
 * a 100,000-address list never sits in memory at once.
 */
export async function* confirmedRecipients(db: AppDb, siteId: string, topic: SubscriptionTopic, target: string, pageSize = 1000): AsyncGenerator<Recipient[]> {
  let after = '';
  for (;;) {
    const rows = await recipientsPage(db, siteId, topic, target, after, pageSize);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.subscriptionId;
  }
}

/** The unsubscribe links of one recipient: the one-click link ends only this subscription. */
export async function unsubscribeLinks(secret: string, publicUrl: string, r: { subscriberId: string; subscriptionId: string }): Promise<Unsubscribe> {
  const [unsubscribe, manage] = await Promise.all([
    signToken(secret, { p: 'unsubscribe', s: r.subscriberId, d: [r.subscriptionId] }),
    signToken(secret, { p: 'manage', s: r.subscriberId }),
  ]);
  return { url: `${publicUrl}/newsletter/unsubscribe/${unsubscribe}`, manageUrl: `${publicUrl}/newsletter/manage/${manage}` };
}
