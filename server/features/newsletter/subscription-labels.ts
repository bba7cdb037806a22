import type { AppDb } from '../../../db/client.ts';
import { httpUrl } from '../../http/safe-url.ts';
import type { Site } from '../sites/index.ts';
import { type SubscriptionRow, subscribedComments, subscribedPages } from './subscriptions.repo.ts';

/** A subscription as a reader recognises it: what it is, and the story it is about. */
export interface DescribedSubscription extends SubscriptionRow {
  /** The story's title (or page key), for story updates and replies; null for the newsletter. */
  story: string | null;
  /** Where the story (or, for the newsletter, the publication) is read; null when unknown. */
  url: string | null;
}

/**
 * Describes a reader's subscriptions for the pages behind email links. Reply notifications for a
 * comment that is gone (deleted by its reader or by a moderator, or erased) are left out: there
 * will be no replies to it, and "Replies to your comment" about nothing would only puzzle.
 */
export async function describeSubscriptions(db: AppDb, site: Site | undefined, subs: SubscriptionRow[]): Promise<DescribedSubscription[]> {
  const pageIds = subs.filter((s) => s.topic === 'page').map((s) => s.target);
  const commentIds = subs.filter((s) => s.topic === 'replies').map((s) => s.target);
  const commentRows = await subscribedComments(db, commentIds);
  const commentById = new Map(commentRows.map((c) => [c.id, c]));
  const pageRows = await subscribedPages(db, [...new Set([...pageIds, ...commentRows.map((c) => c.pageId)])]);
  const pageById = new Map(pageRows.map((p) => [p.id, p]));
  const home = httpUrl(site?.allowedOrigins[0]) ?? null;

  const out: DescribedSubscription[] = [];
  for (const s of subs) {
    if (s.topic === 'newsletter') {
      out.push({ ...s, story: null, url: home });
      continue;
    }
    let pageId = s.target;
    if (s.topic === 'replies') {
      const comment = commentById.get(s.target);
      if (!comment || comment.deletedAt !== null || comment.status === 'deleted') continue;
      pageId = comment.pageId;
    }
    const page = pageById.get(pageId);
    out.push({
      ...s,
      story: page ? (page.title ?? page.key) : 'a story',
      url: httpUrl(page?.url) ?? null,
    });
  }
  return out;
}
