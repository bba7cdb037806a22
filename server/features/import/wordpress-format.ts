import type { CommentStatus } from '../../../db/schema.ts';
import { fromWordPress } from './html-to-markdown.ts';
import { ImportFileError } from './import-error.ts';
import type { FormatOptions, ImportItem, ImportPage } from './import-model.ts';
import { authorEmail, authorName, contentId, field, pageKey, pageTitle, pageUrl, parseTime } from './record-fields.ts';
import type { RecordRules, XmlNode } from './xml-records.ts';

/**
 * WordPress eXtended RSS (WXR 1.0–1.2): `<rss><channel>` with one `<item>` per post or page, and
 * that item's comments as `<wp:comment>` children after its title and link. Comments are taken
 * as records of their own so a post with a hundred thousand comments is never held at once.
 */
export const wordpressRules: RecordRules = {
  isRecord: (name, depth, parent) => (depth === 2 && name === 'item') || (name === 'wp:comment' && parent?.name === 'item'),
  // Post bodies and metadata can be large and are never imported.
  skip: new Set(['content:encoded', 'excerpt:encoded', 'wp:postmeta', 'wp:commentmeta', 'wp:author', 'wp:term', 'wp:category', 'wp:tag']),
};

const WXR_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/(1\.[0-2])\/?$/;

/**
 * The WXR version the file declares, or a clear refusal when it is not a WXR file. An RSS file
 * with no items at all (an empty blog's export, as some tools write it) has nothing to refuse.
 */
export function checkWordPressRoot(root: XmlNode, file: string, empty = false): string | undefined {
  if (root.name !== 'rss') {
    throw new ImportFileError(file, `this is not a WordPress export (WXR): it starts with <${root.name}>, not <rss>`, root.line);
  }
  const match = WXR_NAMESPACE.exec(root.attrs['xmlns:wp']?.trim() ?? '');
  if (!match) {
    if (empty && root.attrs['xmlns:wp'] === undefined) return undefined;
    const declared = root.attrs['xmlns:wp'];
    throw new ImportFileError(
      file,
      declared ? `unsupported WXR version: the wp namespace is "${declared}" (Parley reads WXR 1.0 to 1.2)` : 'this RSS file is not a WordPress export: it has no wp: namespace (xmlns:wp)',
      root.line,
    );
  }
  return match[1]!;
}

/** Comment types that are conversation; the rest (pingbacks, notes, order notes…) are not. */
const COMMENT_TYPES = new Set(['', 'comment']);

const STATUS: Record<string, CommentStatus> = {
  '1': 'approved',
  approve: 'approved',
  approved: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'rejected',
  'post-trashed': 'rejected',
};

/** The page an item becomes, or why it cannot become one. */
export function itemPage(item: XmlNode, options: FormatOptions): ImportItem {
  const ref = itemRef(item);
  const url = pageUrl(field(item, 'link') ?? field(item, 'guid'));
  // Without a link, WordPress's own short link for the post still finds it.
  const postId = field(item, 'wp:post_id');
  const key = pageKey(options.pageKey, url, undefined) ?? (postId && /^\d+$/.test(postId) ? `/?p=${postId}` : undefined);
  if (!key) return { kind: 'page-skipped', ref, reason: 'post without a link' };
  const page: ImportPage = { ref, key, url: url?.href ?? null, title: pageTitle(field(item, 'title')) };
  return { kind: 'page', page };
}

/** Items are known by their post id; without one, by link or title (as read so far). */
export function itemRef(item: XmlNode): string {
  return field(item, 'wp:post_id') ?? `link:${field(item, 'link') ?? field(item, 'guid') ?? `line ${item.line}`}`;
}

/**
 * Comment ids are only unique within one WordPress site, so they are kept with the site's
 * address (two blogs merged into one Parley site must not take each other's comments for
 * already imported) and the post's id (some exports repeat an id across posts; a reply is
 * always on its parent's post, so nothing is lost by it).
 */
export function siteScope(root: XmlNode): string {
  const channel = root.children.find((c) => c.name === 'channel');
  return field(channel, 'wp:base_site_url') ?? field(channel, 'link') ?? '';
}

export async function readWordPressComment(node: XmlNode, pageRef: string, scope: string, options: FormatOptions): Promise<ImportItem> {
  const type = field(node, 'wp:comment_type')?.toLowerCase() ?? '';
  if (!COMMENT_TYPES.has(type)) return { kind: 'skipped', reason: type === 'pingback' || type === 'trackback' ? `${type}s` : `comment type "${type}"` };
  const approved = field(node, 'wp:comment_approved')?.toLowerCase() ?? '1';
  const status = STATUS[approved] ?? 'pending';
  const raw = node.children.find((c) => c.name === 'wp:comment_content')?.text ?? '';
  const body = fromWordPress(raw);
  if (!body.source) return { kind: 'skipped', reason: 'comment with no text' };
  const date = field(node, 'wp:comment_date_gmt') ?? field(node, 'wp:comment_date');
  const name = authorName(field(node, 'wp:comment_author'));
  const parent = field(node, 'wp:comment_parent');
  return {
    kind: 'comment',
    comment: {
      externalId: `${scope}#${pageRef}#${field(node, 'wp:comment_id') ?? (await contentId(name, date, raw.trim()))}`,
      pageRef,
      externalParentId: parent && parent !== '0' ? `${scope}#${pageRef}#${parent}` : null,
      authorName: name,
      authorEmail: authorEmail(field(node, 'wp:comment_author_email')),
      bodySource: body.source,
      bodyHtml: body.html,
      status,
      createdAt: parseTime(date) ?? parseTime(field(node, 'wp:comment_date')) ?? options.now,
    },
  };
}
