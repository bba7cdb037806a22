import MarkdownIt from 'markdown-it';

/**
 * Comment Markdown → HTML, rendered once when a comment is written and stored beside the source.
 *
 * The subset is what a comment needs (emphasis, links, code, quotes, lists). Raw HTML is escaped
 * rather than passed through (`html: false`), images are never shown (tracking pixels, layout
 * breakage) but become a link to the picture named by its alt text, and links must be http, https
 * or mailto: markdown-it's own filter only refuses a few schemes, and a comment has no business
 * linking to anything else.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['heading', 'lheading', 'hr', 'table', 'reference']);

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  // Readers' links must not pass ranking (ugc, nofollow) nor get a handle on the article's
  // window (noopener); they open in a new tab so the reader keeps their place in the thread.
  token.attrSet('rel', 'nofollow ugc noopener');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// `![alt](url)` is parsed as an image (so no stray "!" is left when the rule is off) and written as
// the link a reader can follow, its alt text as the words, or the address when there is none.
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const words = self.renderInlineAsText(token.children ?? [], options, env) || src;
  const title = token.attrGet('title');
  // The token itself becomes the link's opening tag, so the link rule below dresses it alike.
  token.tag = 'a';
  token.nesting = 1;
  token.attrs = title ? [['href', src], ['title', title]] : [['href', src]];
  return `${md.renderer.rules.link_open!(tokens, idx, options, env, self)}${md.utils.escapeHtml(words)}</a>`;
};

// A quote keeps the direction of its own words: an Arabic quote in an English comment (and the
// reverse) reads right, whatever the page's direction.
md.renderer.rules.blockquote_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('dir', 'auto');
  return self.renderToken(tokens, idx, options);
};

/** Renders a comment body (Markdown) to HTML that cannot carry script. */
export function renderCommentMarkdown(source: string): string {
  return md.render(source).trim();
}

/** The links a comment would show: the same linkify rules the renderer uses, so "example.com" counts. */
export function linksIn(source: string): string[] {
  return (md.linkify.match(source) ?? []).map((m) => m.url);
}
