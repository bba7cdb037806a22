import { useEffect, useRef } from 'preact/hooks';
import { isTypingTarget } from './typing-target.ts';

/**
 * Single-key shortcuts on the whole document (keys as KeyboardEvent.key: "j", "?"). They never
 * fire while typing in a field, with Ctrl/Alt/Meta held, or while a modal dialog is open.
 */
export function useShortcuts(handlers: Record<string, () => void>, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      // Inside an open form (reject reason, edit, ban) keys belong to that form.
      if (event.target instanceof Element && event.target.closest('[data-no-shortcuts]')) return;
      if (document.querySelector('dialog[open]')) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
