import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { lang, loadLaterStrings, t } from './i18n.ts';

/** The longest comment the server takes, in characters as readers count them (code points). */
export const MAX_CHARS = 10_000;
/** The counter shows from here on: most comments never come near the limit. */
const SHOW_FROM = 9_000;

/** Characters over the limit (0 when within it); the text is never cut short behind the reader's back. */
export const overBy = (text: string) => Math.max(0, [...text].length - MAX_CHARS);

const tooLongText = (text: string) => t('tooLong', { n: overBy(text).toLocaleString(lang()), max: MAX_CHARS.toLocaleString(lang()) });

/** The form's error for a text over the limit (by how much, and the limit), or null when it fits. */
export async function tooLong(text: string): Promise<ApiError | null> {
  if (!overBy(text)) return null;
  await loadLaterStrings();
  const message = tooLongText(text);
  return new ApiError(400, 'too_long', message, { body: message });
}

/** "312 characters left" near the limit, and how far over it once past; nothing before. */
export function CharCount({ text, id }: { text: string; id: string }) {
  const used = [...text].length;
  const near = used >= SHOW_FROM;
  // Its words are among the on-demand strings: fetched when first needed, then shown.
  const [ready, setReady] = useState(false);
  useEffect(() => void (near && loadLaterStrings().then(() => setReady(true))), [near]);
  if (!near || !ready) return null;
  // Not a live region: announcing every keystroke would drown the reader; the textarea points
  // here (aria-describedby), and going over is announced when they try to post.
  return (
    <p id={id} class={used > MAX_CHARS ? 'counter field-error' : 'counter hint'}>
      {used > MAX_CHARS ? tooLongText(text) : t('charsLeft', { n: (MAX_CHARS - used).toLocaleString(lang()) })}
    </p>
  );
}
