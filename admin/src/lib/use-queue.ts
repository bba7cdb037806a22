import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, messageOf } from '../api/client.ts';
import { listQueue } from '../api/endpoints.ts';
import type { QueueComment, QueueName } from '../api/models.ts';

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

/** One queue of a site, newest first, with "load more" by cursor. */
export function useQueue(siteId: string, queue: QueueName, q: string, pageKey: string): QueueList {
  const [items, setItems] = useState<QueueComment[]>([]);
  const [status, setStatus] = useState<QueueList['status']>('loading');
  const [error, setError] = useState('');
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const controller = useRef<AbortController | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const ticket = ++generation.current;
    setStatus('loading');
    setError('');
    setMoreError('');
    setLoadingMore(false);
    listQueue({ site: siteId, status: queue, q: q || undefined, page: pageKey || undefined }, abort.signal).then(
      (result) => {
        if (ticket !== generation.current) return;
        setItems(result.comments);
        setNextCursor(result.nextCursor);
        setStatus('ready');
      },
      (err: unknown) => {
        if (isAbort(err) || ticket !== generation.current) return;
        setItems([]);
        setNextCursor(null);
        setError(messageOf(err));
        setStatus('error');
      },
    );
  }, [siteId, queue, q, pageKey]);

  useEffect(() => {
    reload();
    return () => controller.current?.abort();
  }, [reload]);

  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) return;
    const ticket = generation.current;
    setLoadingMore(true);
    setMoreError('');
    listQueue({ site: siteId, status: queue, q: q || undefined, page: pageKey || undefined, cursor: nextCursor }).then(
      (result) => {
        if (ticket !== generation.current) return;
        setItems((current) => {
          const seen = new Set(current.map((c) => c.id));
          return [...current, ...result.comments.filter((c) => !seen.has(c.id))];
        });
        setNextCursor(result.nextCursor);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (ticket !== generation.current) return;
        setMoreError(messageOf(err));
        setLoadingMore(false);
      },
    );
  }, [siteId, queue, q, pageKey, nextCursor, loadingMore]);

  const update = useCallback<QueueList['update']>((id, patch) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...(typeof patch === 'function' ? patch(item) : patch) } : item)));
  }, []);

  const updateWhere = useCallback<QueueList['updateWhere']>((match, patch) => {
    setItems((current) => current.map((item) => (match(item) ? { ...item, ...patch } : item)));
  }, []);

  const remove = useCallback((ids: readonly string[]) => {
    const gone = new Set(ids);
    setItems((current) => current.filter((item) => !gone.has(item.id)));
  }, []);

  return { items, status, error, nextCursor, loadingMore, moreError, reload, loadMore, update, updateWhere, remove };
}
