/**
 * Marks the listed words that held a comment inside its rendered text, so an editor sees at once
 * what the word list caught. It works on text nodes only, wrapping matches in <mark> elements it
 * creates itself: the comment's HTML is never re-parsed or rebuilt from strings, so a comment
 * that contains markup-like text cannot inject anything.
 */

/** Characters readers type instead of letters (the server's word lists match them too). */
const LOOKALIKES: Record<string, string> = { o: '0', i: '1!', e: '3', a: '4@', s: '5$', t: '7', b: '8', g: '9' };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * A pattern that finds a listed word as the server's matching does: any case, repeated letters,
 * up to three separators between letters ("s.p.a.m"), look-alike digits, whole words only.
 */
export function wordPattern(words: readonly string[]): RegExp | undefined {
  const bodies = words
    .map((word) => [...word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')])
    .filter((letters) => letters.length > 0)
    .map((letters) => letters.map((ch) => `[${escape(ch + (LOOKALIKES[ch] ?? ''))}]+`).join('[^\\p{L}\\p{N}]{0,3}'));
  if (bodies.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${bodies.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Wraps each match of `words` in the text under `root` in `<mark class="held-word">`. */
export function highlightWords(root: HTMLElement, words: readonly string[]): number {
  const pattern = wordPattern(words);
  if (!pattern) return 0;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!(node.parentElement?.closest('mark.held-word'))) texts.push(node as Text);
  }
  let marked = 0;
  for (const text of texts) {
    const value = text.data;
    pattern.lastIndex = 0;
    const parts: Node[] = [];
    let last = 0;
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (m.index > last) parts.push(root.ownerDocument.createTextNode(value.slice(last, m.index)));
      const mark = root.ownerDocument.createElement('mark');
      mark.className = 'held-word';
      mark.textContent = m[0];
      parts.push(mark);
      last = m.index + m[0].length;
      marked++;
    }
    if (parts.length === 0) continue;
    if (last < value.length) parts.push(root.ownerDocument.createTextNode(value.slice(last)));
    text.replaceWith(...parts);
  }
  return marked;
}
