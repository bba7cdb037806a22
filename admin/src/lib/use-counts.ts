import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getCounts } from '../api/endpoints.ts';
import type { Counts } from '../api/models.ts';

const POLL_MS = 10_000;

/** The site's queue counts, polled every 10 s and on demand (after each action). */
export function useCounts(siteId: string | undefined): { counts: Counts | null; refresh: () => void } {
  const [counts, setCounts] = useState<Counts | null>(null);
  const latest = useRef(0);

  const refresh = useCallback(() => {
    if (!siteId) return;
    const ticket = ++latest.current;
    getCounts(siteId).then(
      (next) => {
        if (ticket === latest.current) setCounts(next);
      },
      () => {
        /* keep the last counts; the next poll tries again */
      },
    );
  }, [siteId]);

  useEffect(() => {
    setCounts(null);
    if (!siteId) return;
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [siteId, refresh]);

  return { counts, refresh };
}
