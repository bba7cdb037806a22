import { useEffect, useRef } from 'preact/hooks';

const SHORTCUTS: [string, string][] = [
  ['j', 'Next comment'],
  ['k', 'Previous comment'],
  ['a', 'Approve (keep, for a reported published comment)'],
  ['r', 'Reject'],
  ['s', 'Mark as spam'],
  ['p', 'Feature or unfeature (top-level comments)'],
  ['x', 'Select or unselect for bulk actions'],
  ['?', 'Show this list'],
  ['Esc', 'Close this list, or a form that is open'],
];

/** The keyboard shortcuts, in a modal dialog (Esc or the button closes it; focus returns). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      el.showModal();
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="shortcuts-title"
      onClose={() => {
        onClose();
        returnTo.current?.focus({ preventScroll: true });
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === dialog.current) dialog.current?.close();
      }}
    >
      <div class="dialog-body">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <p class="muted">They work in the moderation queue whenever you are not typing in a field.</p>
        <table class="shortcuts">
          <tbody>
            {SHORTCUTS.map(([key, what]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="dialog-actions">
          <button type="button" class="button button-primary" autoFocus onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}
