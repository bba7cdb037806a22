import { useEffect, useRef, useState } from 'preact/hooks';
import type { Subscriber, SubscriptionStatus, SubscriptionTopic } from '../api/models.ts';
import { RelativeTime } from './relative-time.tsx';

export const TOPIC_LABELS: Record<SubscriptionTopic, string> = { newsletter: 'Newsletter', page: 'Story updates', replies: 'Replies' };
export const SUBSCRIPTION_LABELS: Record<SubscriptionStatus, string> = { confirmed: 'confirmed', unconfirmed: 'unconfirmed', unsubscribed: 'unsubscribed' };
const TONES: Record<SubscriptionStatus, string> = { confirmed: 'chip-approved', unconfirmed: 'chip-pending', unsubscribed: 'chip-quiet' };

/** "Newsletter: confirmed", "Story updates: confirmed ×3": a subscriber follows many stories. */
function grouped(topics: Subscriber['topics']) {
  const groups = new Map<string, { topic: SubscriptionTopic; status: SubscriptionStatus; n: number }>();
  for (const t of topics) {
    const key = `${t.topic}:${t.status}`;
    const group = groups.get(key);
    if (group) group.n++;
    else groups.set(key, { ...t, n: 1 });
  }
  const order: SubscriptionTopic[] = ['newsletter', 'page', 'replies'];
  return [...groups.values()].sort((a, b) => order.indexOf(a.topic) - order.indexOf(b.topic));
}

interface Props {
  subscriber: Subscriber;
  busy: boolean;
  onUnsubscribe: () => void;
  onDelete: () => void;
}

/** One subscriber: what they follow, and unsubscribe or delete (asks once more before deleting). */
export function SubscriberRow({ subscriber, busy, onUnsubscribe, onDelete }: Props) {
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  // Cancelling puts the keyboard back on the Delete button it came from.
  useEffect(() => {
    if (!confirming && cancelled.current) {
      cancelled.current = false;
      deleteButton.current?.focus();
    }
  }, [confirming]);
  const cancel = () => {
    cancelled.current = true;
    setConfirming(false);
  };
  const active = subscriber.topics.some((t) => t.status !== 'unsubscribed');
  return (
    <tr data-subscriber={subscriber.email}>
      <td data-label="Email">
        <span class="break subscriber-email">{subscriber.email}</span>
        {subscriber.name ? <span class="muted subscriber-name">{subscriber.name}</span> : null}
      </td>
      <td data-label="Follows">
        <ul class="topic-list">
          {subscriber.status === 'blocked' ? (
            <li>
              <span class="chip chip-rejected">Blocked</span>
            </li>
          ) : null}
          {grouped(subscriber.topics).map((g) => (
            <li key={`${g.topic}:${g.status}`}>
              <span class={`chip ${TONES[g.status]}`}>
                {TOPIC_LABELS[g.topic]}: {SUBSCRIPTION_LABELS[g.status]}
                {g.n > 1 ? ` ×${g.n}` : ''}
              </span>
            </li>
          ))}
          {subscriber.topics.length === 0 ? <li class="muted">Nothing</li> : null}
        </ul>
      </td>
      <td data-label="Added">
        <RelativeTime value={subscriber.createdAt} />
      </td>
      <td class="cell-actions">
        {confirming ? (
          <div
            class="confirm"
            role="group"
            aria-label={`Delete ${subscriber.email}?`}
            onKeyDown={(e) => {
              if (e.key === 'Escape') cancel();
            }}
          >
            <span>Delete {subscriber.email} and everything they follow?</span>
            <button type="button" class="button button-small button-danger" disabled={busy} autoFocus onClick={onDelete}>
              Delete
            </button>
            <button type="button" class="button button-small button-quiet" disabled={busy} onClick={cancel}>
              Cancel
            </button>
          </div>
        ) : (
          <div class="row-actions">
            {active ? (
              <button type="button" class="button button-small button-quiet" data-unsubscribe disabled={busy} onClick={onUnsubscribe}>
                Unsubscribe<span class="visually-hidden"> {subscriber.email}</span>
              </button>
            ) : null}
            <button type="button" class="button button-small button-quiet button-quiet-danger" data-delete ref={deleteButton} disabled={busy} onClick={() => setConfirming(true)}>
              Delete<span class="visually-hidden"> {subscriber.email}</span>
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
