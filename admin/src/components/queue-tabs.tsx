import type { Counts, QueueName } from '../api/models.ts';
import { QUEUE_NAMES, queueHref } from '../lib/routes.ts';

export const QUEUE_LABELS: Record<QueueName, string> = { pending: 'Pending', flagged: 'Flagged', spam: 'Spam', all: 'All' };

/** The queues as links, each with its count; the page filter carries over. */
export function QueueTabs({ current, counts, pageKey }: { current: QueueName; counts: Counts | null; pageKey: string }) {
  return (
    <nav class="tabs" aria-label="Queues">
      <ul>
        {QUEUE_NAMES.map((name) => {
          const count = name === 'all' ? undefined : counts?.[name];
          return (
            <li key={name}>
              <a href={queueHref(name, { page: pageKey })} aria-current={name === current ? 'page' : undefined} data-queue={name}>
                {QUEUE_LABELS[name]}
                {count !== undefined ? (
                  <span class={`badge${count === 0 ? ' badge-zero' : ''}`} data-testid={`count-${name}`}>
                    <span class="visually-hidden">, </span>
                    {count}
                    <span class="visually-hidden"> {count === 1 ? 'comment' : 'comments'}</span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
