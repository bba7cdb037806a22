import type { Broadcast, BroadcastCounts } from '../api/models.ts';
import { plural } from '../lib/lines.ts';

const COUNTS: { key: keyof BroadcastCounts; label: string; help: string; bad?: boolean }[] = [
  { key: 'queued', label: 'Waiting', help: 'Queued, not handed over yet' },
  { key: 'sent', label: 'Sent', help: 'Handed over for delivery (or kept in the development mailbox)' },
  { key: 'delivered', label: 'Delivered', help: 'Confirmed delivered by the receiving server' },
  { key: 'failed', label: 'Failed', help: 'Could not be sent after several attempts', bad: true },
  { key: 'suppressed', label: 'Suppressed', help: 'Not sent: the address bounced or complained before' },
  { key: 'bounced', label: 'Bounced', help: 'Came back undeliverable', bad: true },
  { key: 'complained', label: 'Spam reports', help: 'Marked as spam by the recipient', bad: true },
  { key: 'unsubscribed', label: 'Unsubscribed', help: 'Left the newsletter since' },
];

/** How far a sent broadcast has got: a progress bar and its delivery counts. */
export function BroadcastProgress({ broadcast }: { broadcast: Broadcast }) {
  const { counts, recipients } = broadcast;
  const total = Math.max(recipients, counts.queued + counts.sent + counts.failed + counts.suppressed);
  const done = total - counts.queued;
  const finished = broadcast.status === 'sent' && counts.queued === 0;
  return (
    <div class="progress-block">
      <label class="progress-label" for={`progress-${broadcast.id}`}>
        {total === 0
          ? broadcast.status === 'sending'
            ? 'Queueing the emails…'
            : 'Nobody was subscribed, so nothing was sent.'
          : finished
            ? `All ${plural(total, 'email')} handled.`
            : `${done} of ${plural(total, 'email')} handled…`}
      </label>
      <progress id={`progress-${broadcast.id}`} max={Math.max(total, 1)} value={total === 0 ? (finished ? 1 : 0) : done} />
      <dl class="counts">
        {COUNTS.map(({ key, label, help, bad }) => (
          <div key={key} class={`count${bad && counts[key] > 0 ? ' count-bad' : ''}`} title={help} data-count={key}>
            <dt>{label}</dt>
            <dd>{counts[key]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
