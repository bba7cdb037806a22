import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, messageOf } from '../api/client.ts';

/** Data a page loads from the API, with its loading and error state. */
export interface Resource<T> {
  /** What the last successful load answered; kept while a reload runs, so the page does not blink. */
  data: T | undefined;
  /** The message of the last load if it failed ('' once one succeeds). */
  error: string;
  loading: boolean;
  /** Loads again (cancelling a load still running). */
  reload(): void;
  /** Changes the loaded data after a write the server confirmed, without asking it again. */
  update(change: (data: T) => T): void;
}

/**
 * Loads data for a page, again whenever `deps` change, and cancels what is no longer wanted: a
 * load still running when the next starts, or when the page goes away, is aborted, so an old
 * answer (a slow search, another site's list) never overwrites a newer one.
 *
 * @example const bans = useResource((signal) => listBans(site.id, signal), [site.id]);
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const running = useRef<AbortController | undefined>(undefined);

  // `deps` say when `load` means another thing: a new closure each render is not a reason to reload.
  const reload = useCallback(() => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setLoading(true);
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError('');
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        setError(messageOf(err));
        setLoading(false);
      },
    );
  }, deps);

  useEffect(() => {
    reload();
    return () => running.current?.abort();
  }, [reload]);

  const update = useCallback((change: (value: T) => T) => setData((value) => (value === undefined ? value : change(value))), []);
  return { data, error, loading, reload, update };
}
