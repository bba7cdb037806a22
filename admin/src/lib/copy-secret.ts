import type { Tone } from './dashboard-context.ts';

/**
 * Copies a secret shown once to the clipboard. Where the browser refuses (no permission, an
 * insecure origin), the secret is selected in its field so the editor can copy it by hand.
 */
export async function copySecret(secret: string, input: HTMLInputElement | null, announce: (text: string, tone?: Tone) => void, copied: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(secret);
    announce(copied);
  } catch {
    input?.focus();
    input?.select();
    announce('Could not copy by itself: the secret is selected, press Ctrl+C (⌘C on a Mac) to copy it.', 'assertive');
  }
}
