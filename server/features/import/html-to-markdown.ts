import domino from '@mixmark-io/domino';
import TurndownService from 'turndown';
import { renderCommentMarkdown } from '../../markdown.ts';

/**
 * Imported bodies arrive as HTML (Disqus) or HTML-ish text (WordPress). They are converted to
 * Markdown, the form every Parley comment is stored in, and rendered by the same renderer as a
 * new comment. That renderer escapes all raw HTML and refuses links other than http(s)/mailto,
 * and marks links rel="nofollow ugc", so whatever survives the conversion is safe by
 * construction; the conversion only decides how much formatting comes along.
 *
 * The HTML is parsed here, with domino (a pure-JS HTML5 parser, the one turndown's Node build
 * uses), and turndown is handed the parsed body. Given a string, turndown would parse it itself,
 * and a bundler for Workers picks turndown's browser build, which needs the `DOMParser` or
 * `document` that workerd lacks; given a node, every build converts the same way, so Node and
 * Workers run the same code and produce the same Markdown.
 */
const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_' });
// Active or form content is dropped with what it contains, not kept as text.
turndown.remove(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'form', 'button', 'select', 'textarea', 'head', 'title']);
// Not HTML elements to the type definitions, but present in pasted HTML; removed by name.
turndown.remove((node) => ['SVG', 'MATH'].includes(node.nodeName.toUpperCase()));
// Comments show no images (tracking pixels, layout); keep a link to an http(s) image instead.
turndown.addRule('imageAsLink', {
  filter: 'img',
  replacement: (_content, node) => {
    const el = node as unknown as { getAttribute(name: string): string | null };
    const src = el.getAttribute('src')?.trim() ?? '';
    const alt = (el.getAttribute('alt') ?? '').replace(/[[\]\\]/g, '').trim();
    return /^https?:\/\//i.test(src) ? `[${alt || 'image'}](${src.replace(/[()\s]/g, encodeURIComponent)})` : alt;
  },
});

// A link the comment renderer would refuse (javascript:, data:, relative) keeps only its text,
// rather than showing its target as Markdown source.
turndown.addRule('unsafeLinkAsText', {
  filter: (node) => node.nodeName === 'A' && !/^(?:https?:\/\/|mailto:)/i.test(node.getAttribute('href')?.trim() ?? ''),
  replacement: (content) => content,
});

/** Longest body kept (characters); a longer one is cut with a note, never refused. */
export const MAX_IMPORTED_BODY = 100_000;

export interface ConvertedBody {
  source: string;
  html: string;
}

function finish(markdown: string): ConvertedBody {
  let source = markdown.replace(/\n{3,}/g, '\n\n').trim();
  if (source.length > MAX_IMPORTED_BODY) source = `${source.slice(0, MAX_IMPORTED_BODY)}\n\n[…]`;
  return { source, html: renderCommentMarkdown(source) };
}

/** A Disqus message: HTML paragraphs, links, emphasis, quotes, code. */
export function fromHtml(html: string): ConvertedBody {
  if (!html.trim()) return { source: '', html: '' };
  return finish(turndown.turndown(parseBody(html)));
}

/**
 * `html` parsed as a browser parses a document, and its body: head-only elements at the very start
 * (title, style, script, meta) go to the head and are left out, as the rules above drop them anyway.
 */
function parseBody(html: string): HTMLElement {
  return domino.createDocument(html, true).body;
}

const BLOCK = /<(?:p|div|ul|ol|li|blockquote|pre|h[1-6]|table)\b/i;

/**
 * A WordPress comment: text in which a blank line starts a paragraph and a newline is a line
 * break (WordPress adds the tags only when it displays the comment), with some inline HTML.
 */
export function fromWordPress(content: string): ConvertedBody {
  const text = content.replace(/\r\n?/g, '\n').trim();
  if (!text) return { source: '', html: '' };
  if (BLOCK.test(text)) return fromHtml(text);
  const html = text
    .split(/\n{2,}/)
    .map((para) => `<p>${para.replace(/\n/g, '<br>')}</p>`)
    .join('');
  return fromHtml(html);
}
