import type { CommentStatus } from '../../../db/schema.ts';
import { fromHtml } from './html-to-markdown.ts';
import { ImportFileError } from './import-error.ts';
import type { FormatOptions, ImportItem } from './import-model.ts';
import { authorEmail, authorName, child, contentId, field, pageKey, pageTitle, pageUrl, parseTime } from './record-fields.ts';
import type { RecordRules, XmlNode } from './xml-records.ts';

/**
 * The Disqus XML export: `<disqus>` holding `<category>`, `<thread dsq:id>` and `<post dsq:id>`
 * elements side by side. A post names its thread and parent by dsq:id, and either may come
 * later in the file.
 */
export const disqusRules: RecordRules = {
  isRecord: (name, depth) => depth === 1 && (name === 'thread' || name === 'post'),
};

/** Disqus writes booleans as "true"/"false", sometimes padded. */
const isTrue = (node: XmlNode, name: string) => field(node, name)?.toLowerCase() === 'true';
const dsqId = (node: XmlNode | undefined) => node?.attrs['dsq:id']?.trim() || undefined;

export function checkDisqusRoot(root: XmlNode, file: string): void {
  if (root.name !== 'disqus') {
    throw new ImportFileError(file, `this is not a Disqus export: it starts with <${root.name}>, not <disqus>`, root.line);
  }
}

export async function readDisqusRecord(node: XmlNode, options: FormatOptions): Promise<ImportItem> {
  return node.name === 'thread' ? thread(node, options) : post(node, options);
}

function thread(node: XmlNode, options: FormatOptions): ImportItem {
  const ref = dsqId(node);
  if (!ref) return { kind: 'skipped', reason: 'thread without a dsq:id' };
  if (isTrue(node, 'isDeleted')) return { kind: 'page-skipped', ref, reason: 'thread deleted in Disqus' };
  const url = pageUrl(field(node, 'link'));
  const key = pageKey(options.pageKey, url, field(node, 'id'));
  if (!key) return { kind: 'page-skipped', ref, reason: 'thread without a link or identifier' };
  return { kind: 'page', page: { ref, key, url: url?.href ?? null, title: pageTitle(field(node, 'title')) } };
}

async function post(node: XmlNode, options: FormatOptions): Promise<ImportItem> {
  const pageRef = dsqId(child(node, 'thread'));
  if (!pageRef) return { kind: 'skipped', reason: 'post without a thread' };
  const author = child(node, 'author');
  const deleted = isTrue(node, 'isDeleted');
  const status: CommentStatus = isTrue(node, 'isSpam') ? 'spam' : deleted ? 'deleted' : 'approved';
  // What a reader deleted stays deleted: the text is not brought back, only the place in the thread.
  const body = deleted ? { source: '', html: '' } : fromHtml(child(node, 'message')?.text ?? '');
  if (!deleted && !body.source) return { kind: 'skipped', reason: 'post with an empty message' };
  const createdAt = parseTime(field(node, 'createdAt')) ?? options.now;
  const name = authorName(field(author, 'name'), field(author, 'username'));
  const externalId = dsqId(node) ?? (await contentId(pageRef, name, field(node, 'createdAt'), child(node, 'message')?.text.trim()));
  return {
    kind: 'comment',
    comment: {
      externalId,
      pageRef,
      externalParentId: dsqId(child(node, 'parent')) ?? null,
      authorName: name,
      authorEmail: authorEmail(field(author, 'email')),
      bodySource: body.source,
      bodyHtml: body.html,
      status,
      createdAt,
    },
  };
}
