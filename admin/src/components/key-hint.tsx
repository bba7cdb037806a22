/** The shortcut of a button, shown on it for sighted keyboard users (screen readers get aria-keyshortcuts). */
export function KeyHint({ k }: { k: string }) {
  return (
    <kbd class="key-hint" aria-hidden="true">
      {k}
    </kbd>
  );
}
