import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import type { SubscriptionTopic } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import { signToken } from '../../crypto.ts';
import type { Site } from '../sites/index.ts';
import { confirmationEmail, topicList } from './confirmation-email.ts';
import {
  confirmAtOnceStatement,
  confirmationsSince,
  insertSubscriptionStatement,
  isSuppressed,
  reopenSubscriptionStatement,
  subscriptionsOf,
  type SubscriptionSource,
  upsertSubscriber,
} from './subscriptions.repo.ts';

/** At most this many confirmation emails go to one address a day, whoever asks. */
export const CONFIRMATIONS_PER_DAY = 3;
export const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;

export interface SubscribeRequest {
  site: Site;
  email: string;
  topics: { topic: SubscriptionTopic; target: string; title?: string | null }[];
  publicUrl: string;
  secret: string;
  now: number;
  /**
   * Confirm at once when the address has confirmed another subscription on this site before
   * (reply notifications from a known reader need no new round trip).
   */
  trustProven?: boolean;
  /** Confirm at once: the reader has just proven they read this address (a magic-link sign-in). */
  addressProven?: boolean;
  /** What reacts to subscriptions confirmed at once (server/hooks.ts), written with them. */
  onConfirmed?: (subscriberId: string) => Promise<AtomicStatement[]>;
  /** The reader form that asked, and its page; absent when an editor adds the address. */
  source?: SubscriptionSource;
}

/**
 * Asks for subscriptions with double opt-in. Says nothing back about the address (the API answers
 * the same whatever happened): suppressed or blocked addresses are silently skipped, topics already
 * confirmed stay as they are, and at most {@link CONFIRMATIONS_PER_DAY} confirmation emails go out.
 * @returns what happened, for logs and tests only.
 */
export async function requestSubscription(db: AppDb, r: SubscribeRequest): Promise<'confirmation-sent' | 'already-confirmed' | 'suppressed' | 'throttled'> {
  if (await isSuppressed(db, r.email)) return 'suppressed';
  const subscriber = await upsertSubscriber(db, r.site.id, r.email, r.now);
  if (subscriber.status === 'blocked') return 'suppressed';
  const existing = await subscriptionsOf(db, subscriber.id);
  const statements: AtomicStatement[] = [];
  const awaiting: string[] = [];
  for (const t of r.topics) {
    const found = existing.find((e) => e.topic === t.topic && e.target === t.target);
    if (found?.status === 'confirmed') continue;
    if (found) {
      if (found.status === 'unsubscribed') statements.push(reopenSubscriptionStatement(db, found.id));
      awaiting.push(found.id);
    } else {
      const id = newId();
      statements.push(insertSubscriptionStatement(db, { id, subscriberId: subscriber.id, topic: t.topic, target: t.target, now: r.now, source: r.source }));
      awaiting.push(id);
    }
  }
  if (awaiting.length === 0) return 'already-confirmed';
  if (r.addressProven || (r.trustProven && existing.some((e) => e.status === 'confirmed' || e.status === 'unsubscribed'))) {
    statements.push(confirmAtOnceStatement(db, awaiting, r.now), ...((await r.onConfirmed?.(subscriber.id)) ?? []));
    await atomic(db, statements);
    return 'already-confirmed';
  }
  const throttled = (await confirmationsSince(db, r.email, r.now - 86_400_000)) >= CONFIRMATIONS_PER_DAY;
  if (!throttled) {
    const token = await signToken(r.secret, { p: 'confirm', s: subscriber.id, e: r.now + CONFIRM_TTL_MS, d: awaiting });
    const mail = confirmationEmail({ siteName: r.site.name, confirmUrl: `${r.publicUrl}/newsletter/confirm/${token}`, topics: topicList(r.topics) });
    statements.push(enqueueStatement(db, { siteId: r.site.id, kind: 'confirm', to: r.email, ...mail }, r.now));
  }
  await atomic(db, statements);
  return throttled ? 'throttled' : 'confirmation-sent';
}
