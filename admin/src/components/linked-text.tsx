import type { ComponentChildren } from 'preact';

const URL = /https?:\/\/[^\s<>"]*[^\s<>"().,;:!?']/g;

/** Plain text with its web addresses made into links (opening in a new tab). */
export function LinkedText({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(URL)) {
    const at = match.index;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <a key={at} href={match[0]} target="_blank" rel="noopener noreferrer">
        {match[0]}
      </a>,
    );
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
