import { escapeHtml } from '../../mail/email-html.ts';
import type { CommentJson } from './comment-json.ts';

/**
 * A page's approved comments as plain HTML, for the publisher to put inside the
 * `<div data-parley-comments>` of the article: search engines and readers without JavaScript get
 * the discussion, and when the widget loads its shadow root takes the place of this markup.
 * Bodies are the sanitised HTML rendered at write time (links already carry rel="nofollow ugc");
 * names are escaped here.
 */
/** The SSO reader's picture; the URL is http(s) only (comment-json.ts) and escaped like the rest. */
function avatar(c: CommentJson): string {
  return c.avatarUrl
    ? `<img class="parley-avatar" src="${escapeHtml(c.avatarUrl)}" alt="" width="24" height="24" loading="lazy" referrerpolicy="no-referrer"> `
    : '';
}

export function staticThreadHtml(page: { key: string; commentCount: number }, comments: CommentJson[], more: boolean): string {
  const count = page.commentCount;
  const item = (c: CommentJson): string =>
    `<li id="comment-${escapeHtml(c.id)}"><article>${
      c.deleted || c.removed
        ? `<p class="parley-body">${c.removed ? '[removed]' : '[deleted]'}</p>`
        : `<p class="parley-meta">${avatar(c)}<strong class="parley-author">${escapeHtml(c.authorName)}</strong>${
            c.verified ? ' <span class="parley-verified" title="Signed-in reader">✓</span>' : ''
          } <time datetime="${c.createdAt}">${c.createdAt.slice(0, 10)}</time></p><div class="parley-body">${c.bodyHtml}</div>`
    }${
      c.replies.length ? `<ol class="parley-replies">${c.replies.map(item).join('')}</ol>` : ''
    }${c.moreReplies ? '<p class="parley-more">More replies are shown with JavaScript on.</p>' : ''}</article></li>`;
  return `<section class="parley-static" data-parley-static><h2>${count === 1 ? '1 comment' : `${count.toLocaleString('en')} comments`}</h2>${
    comments.length ? `<ol class="parley-thread">${comments.map(item).join('')}</ol>` : '<p>No comments yet.</p>'
  }${more ? '<p class="parley-more">Older comments are shown with JavaScript on.</p>' : ''}</section>`;
}
