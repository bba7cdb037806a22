import type { ComponentChildren } from 'preact';

/**
 * An approximate preview of a newsletter's Markdown: paragraphs, headings, lists, quotes, rules,
 * code, bold, italic and links. It builds elements, never HTML strings, so whatever is typed
 * shows as text; links are only made for http(s) and mailto, as in the email. The email itself
 * is rendered by the server (markdown-it); a test send shows it exactly.
 */

type Rule = { re: RegExp; make: (m: RegExpExecArray, key: string) => ComponentChildren };

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

function link(href: string, children: ComponentChildren, key: string): ComponentChildren {
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** Inline rules, in order of precedence when two match at the same place. */
const RULES: Rule[] = [
  { re: /\\([\\`*_{}[\]()#+\-.!>])/g, make: (m) => m[1] },
  { re: /`([^`\n]+)`/g, make: (m, key) => <code key={key}>{m[1]}</code> },
  {
    re: /!\[([^\]\n]*)\]\(([^()\s]+)(?:\s+"[^"\n]*")?\)/g,
    make: (m, key) => (
      <span key={key} class="md-image">
        [image{m[1] ? `: ${m[1]}` : ''}]
      </span>
    ),
  },
  {
    re: /\[([^\]\n]+)\]\(([^()\s]+)(?:\s+"[^"\n]*")?\)/g,
    make: (m, key) => (SAFE_LINK.test(m[2]!) ? link(m[2]!, inline(m[1]!, key), key) : m[0]),
  },
  { re: /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__/g, make: (m, key) => <strong key={key}>{inline(m[1] ?? m[2]!, key)}</strong> },
  {
    // No lookbehind (Safari 16.0–16.3): an underscore must follow a non-word character, kept as text.
    re: /\*(?=[^\s*])([\s\S]*?[^\s*])\*|(^|[^\w])_(?=\S)([\s\S]*?\S)_(?!\w)/g,
    make: (m, key) =>
      m[1] !== undefined ? (
        <em key={key}>{inline(m[1], key)}</em>
      ) : (
        [m[2], <em key={key}>{inline(m[3]!, key)}</em>]
      ),
  },
  { re: /\bhttps?:\/\/[^\s<>()]*[^\s<>().,;:!?'"]/g, make: (m, key) => link(m[0], m[0], key) },
];

/** Splits text into plain strings and elements. Each rule's next match is cached, so long text stays linear. */
function inline(text: string, prefix = 'i'): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const next: (RegExpExecArray | null | undefined)[] = [];
  let pos = 0;
  while (pos < text.length) {
    let best = -1;
    let found: RegExpExecArray | null = null;
    for (let r = 0; r < RULES.length; r++) {
      let m = next[r];
      if (m === undefined || (m !== null && m.index < pos)) {
        const re = RULES[r]!.re;
        re.lastIndex = pos;
        m = re.exec(text);
        next[r] = m;
      }
      if (m && (!found || m.index < found.index)) {
        found = m;
        best = r;
      }
    }
    if (!found) break;
    if (found.index > pos) out.push(text.slice(pos, found.index));
    out.push(RULES[best]!.make(found, `${prefix}.${out.length}`));
    pos = found.index + found[0].length;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

/** A paragraph's lines: two trailing spaces or a backslash end a line with a break. */
function paragraph(lines: string[], key: string): ComponentChildren[] {
  const parts = lines.join('\n').split(/(?: {2,}|\\)\n/);
  return parts.flatMap((part, i) => (i === 0 ? inline(part, `${key}.${i}`) : [<br key={`${key}.br${i}`} />, ...inline(part, `${key}.${i}`)]));
}

const HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?/;
const BULLET = /^ {0,3}[-*+]\s+/;
const NUMBER = /^ {0,3}(\d{1,9})[.)]\s+/;
const FENCE = /^ {0,3}(```|~~~)/;

function startsBlock(line: string): boolean {
  return HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || BULLET.test(line) || NUMBER.test(line) || FENCE.test(line);
}

function blocks(lines: string[], prefix: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const key = `${prefix}${out.length}`;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) code.push(lines[i++]!);
      i++;
      out.push(
        <pre key={key}>
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const Tag = `h${heading[1]!.length}` as 'h1';
      out.push(<Tag key={key}>{inline(heading[2]!, key)}</Tag>);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push(<hr key={key} />);
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(lines[i++]!.replace(QUOTE, ''));
      out.push(<blockquote key={key}>{blocks(quoted, `${key}.`)}</blockquote>);
      continue;
    }
    const ordered = NUMBER.exec(line);
    if (ordered || BULLET.test(line)) {
      const marker = ordered ? NUMBER : BULLET;
      const items: string[][] = [];
      while (i < lines.length) {
        const current = lines[i]!;
        if (marker.test(current)) items.push([current.replace(marker, '')]);
        else if (current.trim() !== '' && /^\s/.test(current) && items.length > 0) items.at(-1)!.push(current.trim());
        else break;
        i++;
      }
      const children = items.map((item, n) => <li key={n}>{paragraph(item, `${key}.${n}`)}</li>);
      out.push(
        ordered ? (
          <ol key={key} start={Number(ordered[1])}>
            {children}
          </ol>
        ) : (
          <ul key={key}>{children}</ul>
        ),
      );
      continue;
    }
    const text: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && (text.length === 0 || !startsBlock(lines[i]!))) text.push(lines[i++]!);
    out.push(<p key={key}>{paragraph(text, key)}</p>);
  }
  return out;
}

export function MarkdownPreview({ source }: { source: string }) {
  return <div class="markdown comment-html">{blocks(source.replace(/\r\n?/g, '\n').split('\n'), 'b')}</div>;
}
