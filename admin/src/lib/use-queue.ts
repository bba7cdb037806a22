import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, messageOf } from '../api/client.ts';
import { listQueue } from '../api/endpoints.ts';
import type { QueueComment, QueueName } from '../api/models.ts';
import { useResource } from './use-resource.ts';

export interface QueueList {
  items: QueueComment[];
  status: 'loading' | 'ready' | 'error';
  error: string;
  nextCursor: string | null;
  loadingMore: boolean;
  moreError: string;
  reload(): void;
  loadMore(): void;
  update(id: string, patch: Partial<QueueComment> | ((item: QueueComment) => Partial<QueueComment>)): void;
  updateWhere(match: (item: QueueComment) => boolean, patch: Partial<QueueComment>): void;
  remove(ids: readonly string[]): void;
}

/**
 * One queue of a site, newest first, with "load more" by cursor. The first page is a
 * {@link useResource}: another tab, site, search or article cancels the load still running, so
 * one queue's answer never fills another's list. A "load more" belongs to the list it continues
 * and is cancelled with it.
 */
export function useQueue(siteId: string, queue: QueueName, q: string, pageKey: string): QueueList {
  const filter = { site: siteId, status: queue, q: q || undefined, page: pageKey || undefined };
  const list = useResource((signal) => listQueue(filter, signal), [siteId, queue, q, pageKey]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const more = useRef<AbortController | null>(null);

  const cancelMore = useCallback(() => {
    more.current?.abort();
    more.current = null;
    setLoadingMore(false);
    setMoreError('');
  }, []);
  useEffect(() => cancelMore, [siteId, queue, q, pageKey]);

  const reload = useCallback(() => {
    cancelMore();
    list.reload();
  }, [list.reload]);

  const status: QueueList['status'] = list.loading ? 'loading' : list.error ? 'error' : 'ready';
  // A list that failed to load shows nothing of what an earlier load answered.
  const items = status === 'error' ? [] : (list.data?.comments ?? []);
  const nextCursor = status === 'error' ? null : (list.data?.nextCursor ?? null);

  const loadMore = useCallback(() => {
    if (!nextCursor || more.current) return;
    const controller = new AbortController();
    more.current = controller;
    setLoadingMore(true);
    setMoreError('');
    listQueue({ ...filter, cursor: nextCursor }, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        more.current = null;
        list.update((current) => {
          const seen = new Set(current.comments.map((c) => c.id));
          return { comments: [...current.comments, ...result.comments.filter((c) => !seen.has(c.id))], nextCursor: result.nextCursor };
        });
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        more.current = null;
        setMoreError(messageOf(err));
        setLoadingMore(false);
      },
    );
  }, [siteId, queue, q, pageKey, nextCursor]);

  const change = useCallback((edit: (items: QueueComment[]) => QueueComment[]) => list.update((current) => ({ ...current, comments: edit(current.comments) })), [list.update]);

  const update = useCallback<QueueList['update']>(
    (id, patch) => change((current) => current.map((item) => (item.id === id ? { ...item, ...(typeof patch === 'function' ? patch(item) : patch) } : item))),
    [change],
  );

  const updateWhere = useCallback<QueueList['updateWhere']>((match, patch) => change((current) => current.map((item) => (match(item) ? { ...item, ...patch } : item))), [change]);

  const remove = useCallback(
    (ids: readonly string[]) => {
      const gone = new Set(ids);
      change((current) => current.filter((item) => !gone.has(item.id)));
    },
    [change],
  );

  return { items, status, error: list.error, nextCursor, loadingMore, moreError, reload, loadMore, update, updateWhere, remove };
}
