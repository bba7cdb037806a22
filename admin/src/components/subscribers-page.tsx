import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { deleteSubscriber, listSubscribers, subscribersExportUrl, unsubscribeSubscriber } from '../api/endpoints.ts';
import type { Subscriber, SubscriberFilter, SubscriptionTopic } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { plural } from '../lib/lines.ts';
import { navigate, SUBSCRIBER_FILTERS, subscribersHref, TOPICS } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { ImportSubscribersForm } from './import-subscribers-form.tsx';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';
import { SubscriberRow, TOPIC_LABELS } from './subscriber-row.tsx';

const LIMIT = 200;
const STATUS_LABELS: Record<SubscriberFilter, string> = {
  confirmed: 'Confirmed',
  unconfirmed: 'Waiting for confirmation',
  unsubscribed: 'Unsubscribed',
  blocked: 'Blocked',
};

interface Props {
  status: SubscriberFilter | '';
  topic: SubscriptionTopic | '';
  q: string;
}

/** Who follows the site by email: search and filter, unsubscribe or delete, export and import CSV. */
export function SubscribersPage({ status, topic, q }: Props) {
  const { site, announce } = useDashboard();
  const subscribers = useResource((signal) => listSubscribers({ site: site.id, status, topic, q, limit: LIMIT }, signal), [site.id, status, topic, q]);
  const [busy, setBusy] = useState<string | null>(null);
  const [more, setMore] = useState<'idle' | 'loading' | 'failed'>('idle');
  // Which list a "Load more" answer belongs to: one for another site or filter is dropped.
  const listKey = `${site.id} ${status} ${topic} ${q}`;
  const currentKey = useRef(listKey);
  currentKey.current = listKey;
  const [text, setText] = useState(q);
  const heading = useRef<HTMLHeadingElement>(null);
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => setText(q), [q]);

  /** Keeps the keyboard in the table after a row changes or leaves: a button of the same or next row. */
  const refocus = (index: number, prefer: 'unsubscribe' | 'delete') =>
    requestAnimationFrame(() => {
      const rows = table.current?.querySelectorAll('tbody tr');
      const row = rows?.[Math.min(index, rows.length - 1)];
      const button = row?.querySelector<HTMLButtonElement>(`button[data-${prefer}]`) ?? row?.querySelector<HTMLButtonElement>('button[data-delete]');
      (button ?? heading.current)?.focus();
    });

  const unsubscribe = async (subscriber: Subscriber, index: number) => {
    setBusy(subscriber.id);
    try {
      await unsubscribeSubscriber(site.id, subscriber.id);
      subscribers.update((page) => ({
        ...page,
        subscribers: page.subscribers.map((s) => (s.id === subscriber.id ? { ...s, topics: s.topics.map((t) => ({ ...t, status: 'unsubscribed' as const })) } : s)),
      }));
      announce(`Unsubscribed ${subscriber.email} from everything.`);
      refocus(index, 'delete');
    } catch (err) {
      announce(`Could not unsubscribe ${subscriber.email}: ${messageOf(err)}`, 'assertive');
    } finally {
      setBusy(null);
    }
  };

  const remove = async (subscriber: Subscriber, index: number) => {
    setBusy(subscriber.id);
    try {
      await deleteSubscriber(site.id, subscriber.id);
      subscribers.update((page) => ({ ...page, subscribers: page.subscribers.filter((s) => s.id !== subscriber.id) }));
      announce(`Deleted ${subscriber.email}.`);
      refocus(index, 'unsubscribe');
    } catch (err) {
      announce(`Could not delete ${subscriber.email}: ${messageOf(err)}`, 'assertive');
    } finally {
      setBusy(null);
    }
  };

  /** The next page of the list, added below; the keyboard goes to its first row. */
  const showMore = async () => {
    const cursor = subscribers.data?.nextCursor;
    if (!cursor) return;
    const key = listKey;
    const from = subscribers.data?.subscribers.length ?? 0;
    setMore('loading');
    try {
      const next = await listSubscribers({ site: site.id, status, topic, q, limit: LIMIT, cursor });
      if (currentKey.current !== key) return;
      subscribers.update((page) => ({ subscribers: [...page.subscribers, ...next.subscribers], nextCursor: next.nextCursor }));
      setMore('idle');
      announce(`Showing ${plural(from + next.subscribers.length, 'subscriber')}.`);
      requestAnimationFrame(() => table.current?.querySelectorAll('tbody tr')[from]?.querySelector<HTMLButtonElement>('button')?.focus());
    } catch {
      if (currentKey.current === key) setMore('failed');
    }
  };
  useEffect(() => setMore('idle'), [listKey]);

  const filtered = Boolean(status || topic || q);
  const shown = subscribers.data?.subscribers;
  const hasMore = Boolean(subscribers.data?.nextCursor);
  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Subscribers
        </h1>
        <p class="page-sub muted">Readers who follow {site.name} by email: the newsletter, stories they follow, and replies to their comments.</p>
      </div>

      <form
        class="filters"
        role="search"
        aria-label="Filter subscribers"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(subscribersHref({ status, topic, q: text.trim() }));
        }}
      >
        <div class="field">
          <label for="subscribers-q">Email contains</label>
          <input id="subscribers-q" type="search" autoComplete="off" spellcheck={false} maxLength={200} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="subscribers-status">Status</label>
          <select id="subscribers-status" value={status} onChange={(e) => navigate(subscribersHref({ status: e.currentTarget.value, topic, q }))}>
            <option value="">Any</option>
            {SUBSCRIBER_FILTERS.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="subscribers-topic">Follows</label>
          <select id="subscribers-topic" value={topic} onChange={(e) => navigate(subscribersHref({ status, topic: e.currentTarget.value, q }))}>
            <option value="">Anything</option>
            {TOPICS.map((t) => (
              <option key={t} value={t}>
                {TOPIC_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-submit">
          <button type="submit" class="button">
            Search
          </button>
          {filtered ? (
            <a class="button button-quiet" href={subscribersHref()}>
              Clear filters
            </a>
          ) : null}
        </div>
      </form>

      <section aria-labelledby="subscriber-list-title">
        <div class="section-head">
          <h2 id="subscriber-list-title" aria-live="polite" aria-atomic="true">
            {shown ? (hasMore ? `The newest ${shown.length} subscribers${filtered ? ' that match' : ''}` : `${plural(shown.length, 'subscriber')}${filtered ? ' match' : ''}`) : 'Subscribers'}
          </h2>
          <a class="button button-small" href={subscribersExportUrl({ site: site.id, status, topic, q })} download>
            Export CSV{filtered ? <span class="visually-hidden"> of the subscribers that match</span> : null}
          </a>
        </div>
        <Loadable
          resource={subscribers}
          what="the subscribers"
          isEmpty={(page) => page.subscribers.length === 0}
          empty={filtered ? 'Nobody matches these filters.' : 'Nobody has subscribed yet. Readers subscribe in the widget; you can also import a list below.'}
        >
          {(page) => (
            <DataTable columns={['Email', 'Follows', 'Added']} actions class="subscribers" tableRef={table}>
              {page.subscribers.map((s, index) => (
                <SubscriberRow
                  key={s.id}
                  subscriber={s}
                  busy={busy === s.id}
                  onUnsubscribe={() => void unsubscribe(s, index)}
                  onDelete={() => void remove(s, index)}
                />
              ))}
            </DataTable>
          )}
        </Loadable>
        {more === 'failed' ? (
          <p class="alert alert-error" role="alert">
            Could not load more subscribers. Try again.
          </p>
        ) : null}
        {hasMore ? (
          <div class="load-more">
            <button type="button" class="button" onClick={() => void showMore()} disabled={more === 'loading'}>
              {more === 'loading' ? 'Loading…' : 'Load more'}
            </button>
          </div>
        ) : null}
      </section>

      <section class="card" aria-labelledby="import-title">
        <h2 id="import-title">Import subscribers</h2>
        <ImportSubscribersForm siteId={site.id} onImported={subscribers.reload} />
      </section>
    </div>
  );
}
