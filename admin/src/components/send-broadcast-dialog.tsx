import { useEffect, useRef, useState } from 'preact/hooks';
import { listSubscribers } from '../api/endpoints.ts';
import { plural } from '../lib/lines.ts';

/** The most subscribers the count asks for; more are "500 or more". */
const COUNT_LIMIT = 500;

type Count = { state: 'loading' } | { state: 'known'; n: number; more: boolean } | { state: 'unknown' };

/**
 * Asks once more before a newsletter goes to every confirmed subscriber, saying how many that
 * is. Cancel has the focus, so a stray Enter sends nothing.
 */
export function SendBroadcastDialog({ open, siteId, subject, onConfirm, onClose }: { open: boolean; siteId: string; subject: string; onConfirm: () => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const confirmed = useRef(false);
  const [count, setCount] = useState<Count>({ state: 'loading' });

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      confirmed.current = false;
      el.showModal();
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setCount({ state: 'loading' });
    listSubscribers({ site: siteId, status: 'confirmed', topic: 'newsletter', limit: COUNT_LIMIT }).then(
      ({ subscribers: list }) => {
        // Blocked subscribers receive nothing, whatever their subscriptions say.
        if (current) setCount({ state: 'known', n: list.filter((s) => s.status === 'active').length, more: list.length >= COUNT_LIMIT });
      },
      () => {
        if (current) setCount({ state: 'unknown' });
      },
    );
    return () => {
      current = false;
    };
  }, [open, siteId]);

  const who =
    count.state === 'known'
      ? count.more
        ? `${COUNT_LIMIT} or more confirmed subscribers`
        : plural(count.n, 'confirmed subscriber')
      : 'every confirmed subscriber';

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="send-title"
      aria-describedby="send-description"
      onClose={() => {
        onClose();
        // After sending, the page moves on and focuses its own heading.
        if (!confirmed.current) returnTo.current?.focus({ preventScroll: true });
      }}
      onClick={(e) => {
        if (e.target === dialog.current) dialog.current?.close();
      }}
    >
      <div class="dialog-body">
        <h2 id="send-title">Send to all subscribers?</h2>
        <div id="send-description">
          <p>
            “{subject}” will go to <strong data-testid="recipient-count">{who}</strong> of this site’s newsletter.
          </p>
          {!open ? null : count.state === 'loading' ? (
            <p class="muted" aria-busy="true">
              Counting subscribers…
            </p>
          ) : count.state === 'known' && count.n === 0 ? (
            <p class="alert alert-info">Nobody has confirmed a newsletter subscription yet, so nobody would receive it.</p>
          ) : null}
          <p class="muted">Once sent, it cannot be called back. Send yourself a test first if you have not.</p>
        </div>
        <div class="dialog-actions">
          <button type="button" class="button button-quiet" autoFocus onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            class="button button-primary"
            onClick={() => {
              confirmed.current = true;
              dialog.current?.close();
              onConfirm();
            }}
          >
            {count.state === 'known' && !count.more ? `Send to ${plural(count.n, 'subscriber')}` : 'Send now'}
          </button>
        </div>
      </div>
    </dialog>
  );
}
