import { and, asc, eq, gt, notExists } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { type SubscriptionTopic, subscribers, subscriptions, suppressions } from '../../../db/schema.ts';
import { signToken } from '../../crypto.ts';
import type { Unsubscribe } from './newsletter-email.ts';

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
    const rows = await db
      .select({ subscriberId: subscribers.id, subscriptionId: subscriptions.id, email: subscribers.email })
      .from(subscriptions)
      .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
      .where(
        and(
          eq(subscribers.siteId, siteId),
          eq(subscriptions.topic, topic),
          eq(subscriptions.target, target),
          eq(subscriptions.status, 'confirmed'),
          eq(subscribers.status, 'active'),
          gt(subscriptions.id, after),
          notExists(db.select({ e: suppressions.email }).from(suppressions).where(eq(suppressions.email, subscribers.email))),
        ),
      )
      .orderBy(asc(subscriptions.id))
      .limit(pageSize)
      .all();
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
