import { useEffect, useRef, useState } from 'preact/hooks';
import type { Tone } from '../lib/dashboard-context.ts';

export interface Announcement {
  id: number;
  text: string;
  tone: Tone;
}

const VISIBLE_MS = { polite: 5000, assertive: 10000 };

/**
 * The dashboard's live regions, always in the page so screen readers pick up changes: a polite
 * one for confirmations ("Approved the comment by Ada.") and an assertive one for failures. Each
 * message also shows as a toast for a few seconds.
 */
export function Announcer({ message }: { message: Announcement | null }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const timers = useRef<Record<Tone, ReturnType<typeof setTimeout>[]>>({ polite: [], assertive: [] });

  useEffect(() => {
    if (!message) return;
    const { tone, text } = message;
    const set = tone === 'assertive' ? setAssertive : setPolite;
    for (const timer of timers.current[tone]) clearTimeout(timer);
    // Clearing first makes a repeated identical message be announced again.
    set('');
    timers.current[tone] = [setTimeout(() => set(text), 50), setTimeout(() => set(''), VISIBLE_MS[tone])];
  }, [message]);

  useEffect(
    () => () => {
      for (const timer of [...timers.current.polite, ...timers.current.assertive]) clearTimeout(timer);
    },
    [],
  );

  return (
    <div class="toasts">
      <div class={`toast${polite ? ' is-visible' : ''}`} role="status" aria-live="polite" aria-atomic="true" data-testid="live-status">
        {polite}
      </div>
      <div class={`toast toast-error${assertive ? ' is-visible' : ''}`} role="alert" aria-live="assertive" aria-atomic="true">
        {assertive}
        {assertive ? (
          <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => setAssertive('')}>
            ×
          </button>
        ) : null}
      </div>
    </div>
  );
}
