import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { actOn, createBan, editComment, setPageClosed } from '../api/endpoints.ts';
import type { CommentAction, QueueComment, QueueName } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { plural } from '../lib/lines.ts';
import { queueHref } from '../lib/routes.ts';
import { useQueue } from '../lib/use-queue.ts';
import { useShortcuts } from '../lib/use-shortcuts.ts';
import type { BanChoice } from './ban-author-form.tsx';
import { BulkBar } from './bulk-bar.tsx';
import { type PanelKind, QueueItem } from './queue-item.tsx';
import { QueueSearch } from './queue-search.tsx';
import { QUEUE_LABELS, QueueTabs } from './queue-tabs.tsx';
import { ShortcutsDialog } from './shortcuts-dialog.tsx';

type StatusAction = Exclude<CommentAction, 'pin' | 'unpin'>;

/** "Approved the comment by Ada." / "Marked 3 comments as spam." */
function doneMessage(action: CommentAction, subject: string): string {
  switch (action) {
    case 'approve':
      return `Approved ${subject}.`;
    case 'reject':
      return `Rejected ${subject}.`;
    case 'spam':
      return `Marked ${subject} as spam.`;
    case 'delete':
      return `Deleted ${subject}.`;
    case 'restore':
      return `Restored ${subject}.`;
    case 'pin':
      return `Featured ${subject}.`;
    case 'unpin':
      return `Stopped featuring ${subject}.`;
  }
}

const EMPTY: Record<QueueName, string> = {
  pending: 'Nothing is waiting for approval. New comments that need a decision will appear here.',
  flagged: 'No reader has reported a comment. Reported comments will appear here.',
  spam: 'Nothing has been caught as spam.',
  all: 'No comments match.',
};

/** Runs tasks a few at a time; answers each outcome in order. */
async function inPool<T, R>(values: T[], size: number, task: (value: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(values.length);
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(values[index]!) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, values.length) }, worker));
  return results;
}

/** A moderation queue: tabs, search, the comments with their actions, keyboard and bulk work. */
export function QueuePage({ queue, q, pageKey }: { queue: QueueName; q: string; pageKey: string }) {
  const { site, counts, refreshCounts, announce } = useDashboard();
  const list = useQueue(site.id, queue, q, pageKey);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<{ id: string; kind: PanelKind } | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [hasNew, setHasNew] = useState<false | 'new' | 'changed'>(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const listEl = useRef<HTMLOListElement>(null);
  const itemEls = useRef(new Map<string, HTMLElement>());
  const focusSelected = useRef(false);
  /** Comments with a request under way (a ref, so a quick double key press sends one request). */
  const inFlight = useRef(new Set<string>());

  // The latest values, for handlers that run after an await or from the keyboard.
  const itemsRef = useRef(list.items);
  itemsRef.current = list.items;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  // A different queue, search or article starts afresh.
  useEffect(() => {
    setSelectedId(null);
    setChecked(new Set());
    setPanel(null);
    setHasNew(false);
  }, [queue, q, pageKey]);

  useEffect(() => {
    if (list.status === 'loading') setHasNew(false);
  }, [list.status]);

  // New arrivals: the poll shows more in this queue than before.
  const count = queue === 'all' ? undefined : counts?.[queue];
  const lastCount = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (count === undefined) return;
    const before = lastCount.current;
    lastCount.current = count;
    if (before === undefined || count <= before || list.status !== 'ready' || q) return;
    // An empty list simply fills itself; otherwise offer to show them, so nothing jumps under the cursor.
    if (itemsRef.current.length === 0) {
      list.reload();
    } else if (!hasNew) {
      setHasNew('new');
      announce('New comments have arrived. Use the Show them button to load them.');
    }
  }, [count]);

  const focusItem = useCallback((id: string | null) => {
    const el = id ? itemEls.current.get(id) : undefined;
    if (el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    } else {
      heading.current?.focus();
    }
  }, []);

  // After items leave the list, the selection moves on to the next one and takes focus with it.
  useEffect(() => {
    if (!focusSelected.current) return;
    focusSelected.current = false;
    focusItem(selectedRef.current);
  }, [list.items, focusItem]);

  const removeFromView = useCallback(
    (ids: readonly string[]) => {
      const gone = new Set(ids);
      const items = itemsRef.current;
      const current = selectedRef.current;
      const active = document.activeElement;
      const focusInside = !active || active === document.body || (listEl.current?.contains(active) ?? false);
      const touchesFocus = [...gone].some((id) => itemEls.current.get(id)?.contains(active));
      if (current && gone.has(current)) {
        const index = items.findIndex((i) => i.id === current);
        const after = items.slice(index + 1).find((i) => !gone.has(i.id)) ?? items.slice(0, Math.max(0, index)).reverse().find((i) => !gone.has(i.id));
        setSelectedId(after?.id ?? null);
        selectedRef.current = after?.id ?? null;
        if (focusInside || touchesFocus) focusSelected.current = true;
      } else if (touchesFocus) {
        focusSelected.current = true;
      }
      setChecked((prev) => new Set([...prev].filter((id) => !gone.has(id))));
      setPanel((p) => (p && gone.has(p.id) ? null : p));
      list.remove(ids);
    },
    [list.remove],
  );

  const setItemBusy = (id: string, on: boolean) => {
    if (on) inFlight.current.add(id);
    else inFlight.current.delete(id);
    setBusy((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  /** Applies one action to one comment and reflects it in the list. */
  const act = useCallback(
    async (item: QueueComment, action: CommentAction, reason?: string) => {
      if (inFlight.current.has(item.id)) return;
      setItemBusy(item.id, true);
      try {
        const kept = action === 'approve' && item.status === 'approved' && item.flagCount > 0;
        const result = await actOn(item.id, action, reason);
        const statusChange = action !== 'pin' && action !== 'unpin';
        setPanel((p) => (p?.id === item.id ? null : p));
        if (statusChange && queue !== 'all') {
          removeFromView([item.id]);
        } else {
          // Keeping a reported comment clears its reports on the server.
          list.update(item.id, { status: result.status, pinned: result.pinned, ...(kept ? { flagCount: 0, flags: null } : {}) });
        }
        announce(kept ? `Kept the comment by ${item.authorName} and cleared its reports.` : doneMessage(action, `the comment by ${item.authorName}`));
        if (statusChange) refreshCounts();
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          announce(err.message, 'assertive');
          setHasNew('changed');
        } else {
          announce(`Could not ${action} the comment by ${item.authorName}: ${messageOf(err)}`, 'assertive');
        }
      } finally {
        setItemBusy(item.id, false);
      }
    },
    [queue, removeFromView, list.update, announce, refreshCounts],
  );

  const actOnSelected = (action: StatusAction | 'toggle-pin') => {
    const item = itemsRef.current.find((i) => i.id === selectedRef.current);
    if (!item) {
      announce('Select a comment first: press j to move to the next one.');
      return;
    }
    if (item.deletedByAuthor) {
      announce('Its author deleted this comment; there is nothing to moderate.', 'assertive');
      return;
    }
    if (action === 'toggle-pin') {
      if (item.parentId !== null) {
        announce('Only top-level comments can be featured.', 'assertive');
        return;
      }
      void act(item, item.pinned ? 'unpin' : 'pin');
      return;
    }
    void act(item, action);
  };

  const bulk = async (action: 'approve' | 'reject' | 'spam') => {
    // Comments their readers deleted are final; they cannot be checked, and are skipped if they were.
    const items = itemsRef.current.filter((i) => checked.has(i.id) && !i.deletedByAuthor);
    if (items.length === 0 || bulkBusy) return;
    setBulkBusy(true);
    const results = await inPool(items, 4, (item) => actOn(item.id, action));
    const done = items.filter((_, i) => results[i]!.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (queue !== 'all') {
      removeFromView(done.map((i) => i.id));
    } else {
      for (const [i, item] of items.entries()) {
        const r = results[i]!;
        if (r.status === 'fulfilled') list.update(item.id, { status: r.value.status });
      }
      setChecked((prev) => new Set([...prev].filter((id) => !done.some((d) => d.id === id))));
    }
    setBulkBusy(false);
    refreshCounts();
    if (failed.length === 0) {
      announce(doneMessage(action, plural(done.length, 'comment')));
    } else {
      announce(
        `${doneMessage(action, plural(done.length, 'comment'))} ${failed.length} could not be changed (${messageOf(failed[0]!.reason)}); they are still selected.`,
        'assertive',
      );
    }
  };

  const move = (delta: 1 | -1) => {
    const items = itemsRef.current;
    if (items.length === 0) return;
    const index = items.findIndex((i) => i.id === selectedRef.current);
    let next = index === -1 ? 0 : index + delta;
    if (next >= items.length) {
      next = items.length - 1;
      if (list.nextCursor) {
        list.loadMore();
        announce('Loading more comments…');
      }
    }
    next = Math.max(0, next);
    const id = items[next]!.id;
    setSelectedId(id);
    selectedRef.current = id;
    focusItem(id);
  };

  const toggleChecked = (id: string) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useShortcuts(
    {
      j: () => move(1),
      k: () => move(-1),
      a: () => actOnSelected('approve'),
      r: () => actOnSelected('reject'),
      s: () => actOnSelected('spam'),
      p: () => actOnSelected('toggle-pin'),
      x: () => {
        if (selectedRef.current) toggleChecked(selectedRef.current);
        else announce('Select a comment first: press j to move to the next one.');
      },
      '?': () => setHelpOpen(true),
      Escape: () => {
        if (checked.size > 0) setChecked(new Set());
      },
    },
    !helpOpen,
  );

  const editItem = async (item: QueueComment, body: string) => {
    const result = await editComment(item.id, body);
    list.update(item.id, { bodySource: body, bodyHtml: result.bodyHtml, editedAt: result.editedAt, editedBy: result.editedBy });
    setPanel(null);
    focusSelected.current = true;
    announce(`Saved your edit to the comment by ${item.authorName}.`);
  };

  const banAuthor = async (item: QueueComment, choice: BanChoice) => {
    await createBan({
      site: site.id,
      kind: choice.kind,
      commentId: item.id,
      ...(choice.reason ? { reason: choice.reason } : {}),
      ...(choice.expiresAt ? { expiresAt: choice.expiresAt } : {}),
    });
    setPanel(null);
    const how = { email: 'email address', identity: 'reader account', ip: 'network address' }[choice.kind];
    announce(`Banned ${item.authorName} by ${how}.`);
    if (choice.alsoReject) await act(item, 'reject', choice.reason || undefined);
    else focusSelected.current = true;
  };

  const togglePage = async (item: QueueComment) => {
    const closing = !item.page.closed;
    if (inFlight.current.has(item.id)) return;
    setItemBusy(item.id, true);
    try {
      const page = await setPageClosed(site.id, item.page.key, closing);
      list.updateWhere((i) => i.page.key === page.key, { page: { ...item.page, closed: page.closed } });
      announce(`${closing ? 'Closed' : 'Reopened'} comments on “${item.page.title || item.page.key}”.`);
    } catch (err) {
      announce(`Could not ${closing ? 'close' : 'reopen'} the thread: ${messageOf(err)}`, 'assertive');
    } finally {
      setItemBusy(item.id, false);
    }
  };

  const label = QUEUE_LABELS[queue];
  return (
    <div class="page page-queue">
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {queue === 'all' ? 'All comments' : `${label} comments`}
        </h1>
        <button type="button" class="button button-quiet button-small shortcuts-button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
      </div>
      <QueueTabs current={queue} counts={counts} pageKey={pageKey} />
      {queue === 'all' ? <QueueSearch q={q} pageKey={pageKey} /> : null}
      {pageKey ? (
        <p class="filter-note">
          Only comments on <code>{pageKey}</code>. <a href={queueHref(queue, { q })}>Show every article</a>
        </p>
      ) : null}
      {hasNew ? (
        <div class="new-arrivals">
          <span>{hasNew === 'changed' ? 'Someone else moderated comments in this queue.' : 'New comments have arrived.'}</span>
          <button type="button" class="button button-small" onClick={list.reload}>
            {hasNew === 'changed' ? 'Refresh' : 'Show them'}
          </button>
        </div>
      ) : null}

      {checked.size > 0 ? (
        <BulkBar
          count={checked.size}
          total={list.items.length}
          busy={bulkBusy}
          onApply={(action) => void bulk(action)}
          onSelectAll={() => setChecked(new Set(list.items.map((i) => i.id)))}
          onClear={() => setChecked(new Set())}
        />
      ) : null}

      {list.status === 'loading' ? (
        <p class="list-status muted" aria-busy="true">
          Loading comments…
        </p>
      ) : list.status === 'error' ? (
        <div class="alert alert-error" role="alert">
          <p>Could not load the comments: {list.error}</p>
          <button type="button" class="button" onClick={list.reload}>
            Try again
          </button>
        </div>
      ) : list.items.length === 0 ? (
        <div class="empty">
          <p>{q ? `No comments match “${q}”.` : EMPTY[queue]}</p>
        </div>
      ) : (
        <ol class="queue" ref={listEl} aria-label={`${label} comments`}>
          {list.items.map((item) => (
            <li key={item.id}>
              <QueueItem
                item={item}
                queue={queue}
                selected={item.id === selectedId}
                checked={checked.has(item.id)}
                busy={busy.has(item.id) || bulkBusy}
                panel={panel?.id === item.id ? panel.kind : null}
                itemRef={(el) => {
                  if (el) itemEls.current.set(item.id, el);
                  else itemEls.current.delete(item.id);
                }}
                onSelect={() => {
                  if (selectedRef.current !== item.id) setSelectedId(item.id);
                }}
                onToggleChecked={() => toggleChecked(item.id)}
                onAction={(action, reason) => void act(item, action, reason)}
                onPanel={(kind) => {
                  setPanel(kind ? { id: item.id, kind } : null);
                  if (!kind) focusItem(item.id);
                }}
                onEdit={(body) => editItem(item, body)}
                onBan={(choice) => banAuthor(item, choice)}
                onTogglePage={() => void togglePage(item)}
              />
            </li>
          ))}
        </ol>
      )}

      {list.status === 'ready' && list.nextCursor ? (
        <div class="load-more">
          <button type="button" class="button" onClick={list.loadMore} disabled={list.loadingMore}>
            {list.loadingMore ? 'Loading…' : 'Load more'}
          </button>
          {list.moreError ? (
            <p class="field-error" role="alert">
              {list.moreError}
            </p>
          ) : null}
        </div>
      ) : null}

      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
