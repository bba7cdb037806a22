import { emailButton, emailLayout, escapeHtml } from '../../mail/email-html.ts';
import type { WaitingComment } from './alerts.repo.ts';
import { ageText } from './schedule.ts';

/** Characters of a comment shown in an alert; the dashboard has the rest. */
const EXCERPT_CHARS = 200;

/** The start of a comment's text on one line, cut at a word where it can be. */
export function excerpt(source: string): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  // Cut by code points, so an emoji is never split into half a surrogate pair.
  const chars = Array.from(flat);
  if (chars.length <= EXCERPT_CHARS) return flat;
  const cut = chars.slice(0, EXCERPT_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface AlertEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

interface Links {
  /** The dashboard's queue. */
  queue: string;
  /** RFC 8058 one-click unsubscribe of this kind of alert. */
  off: string;
  /** The account page, where every alert is chosen. */
  account: string;
}

const oneClick = (off: string) => ({ 'List-Unsubscribe': `<${off}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });

const footer = (why: string, stop: string, links: Links) => ({
  html: `${escapeHtml(why)}<br><a href="${escapeHtml(links.off)}">${escapeHtml(stop)}</a> · <a href="${escapeHtml(links.account)}">Choose your alerts</a>`,
  text: `--\n${why}\n${stop}: ${links.off}\nChoose your alerts: ${links.account}\n`,
});

const where = (c: { pageTitle: string | null; pageKey: string }) => c.pageTitle || c.pageKey;
const quoteStyle = 'margin:4px 0 0;padding:0 0 0 10px;border-left:3px solid #ddd;color:#333';

/**
 * The queue digest: how many comments wait, the oldest few (each with a link to its story's
 * comments in the queue, `storyQueue`), and the way to the whole queue.
 */
export function digestEmail(d: {
  siteName: string;
  schedule: 'hourly' | 'daily';
  oldest: WaitingComment[];
  waiting: number;
  now: number;
  links: Links;
  storyQueue: (c: WaitingComment) => string;
}): AlertEmail {
  const n = d.waiting;
  const what = `${n} comment${n === 1 ? '' : 's'}`;
  const items = d.oldest.map((c) => ({
    author: c.authorName,
    rest: ` on “${where(c)}”, waiting ${ageText(d.now - c.createdAt)}`,
    body: excerpt(c.bodySource),
    review: d.storyQueue(c),
  }));
  const more = n > d.oldest.length ? `…and ${n - d.oldest.length} more.` : '';
  const foot = footer(`You receive this ${d.schedule} digest because you chose it for ${d.siteName} in your Parley account.`, `Stop queue digests for ${d.siteName}`, d.links);
  const list = items
    .map(
      (i) =>
        `<li style="margin:0 0 12px"><strong>${escapeHtml(i.author)}</strong>${escapeHtml(i.rest)}<blockquote dir="auto" style="${quoteStyle}">${escapeHtml(i.body)}</blockquote><a href="${escapeHtml(i.review)}">Review this story's comments</a></li>`,
    )
    .join('');
  return {
    subject: `${what} waiting for review on ${d.siteName}`,
    html: emailLayout({
      siteName: d.siteName,
      bodyHtml: `<p>${escapeHtml(what)} ${n === 1 ? 'waits' : 'wait'} for review. The oldest:</p><ol style="padding-left:20px">${list}</ol>${more ? `<p>${escapeHtml(more)}</p>` : ''}${emailButton(d.links.queue, 'Open the queue')}`,
      footerHtml: foot.html,
    }),
    text: `${what} ${n === 1 ? 'waits' : 'wait'} for review on ${d.siteName}. The oldest:\n\n${items.map((i, k) => `${k + 1}. ${i.author}${i.rest}\n   ${i.body}\n   Review: ${i.review}`).join('\n\n')}\n${more ? `\n${more}\n` : ''}\nOpen the queue: ${d.links.queue}\n\n${foot.text}`,
    headers: oneClick(d.links.off),
  };
}

/** The alert that a comment reached the site's report threshold. Nothing a reader typed goes into the subject. */
export function flaggedEmail(f: { siteName: string; threshold: number; comment: { authorName: string; bodySource: string; pageTitle: string | null; pageKey: string }; links: Links }): AlertEmail {
  const head = `A comment by ${f.comment.authorName} on “${where(f.comment)}” was reported by ${f.threshold} or more readers.`;
  const body = excerpt(f.comment.bodySource);
  const foot = footer(`You receive this because you asked to hear of reported comments on ${f.siteName} in your Parley account.`, `Stop report alerts for ${f.siteName}`, f.links);
  return {
    subject: `A comment was reported on ${f.siteName}`,
    html: emailLayout({
      siteName: f.siteName,
      bodyHtml: `<p>${escapeHtml(head)}</p><blockquote dir="auto" style="${quoteStyle}">${escapeHtml(body)}</blockquote>${emailButton(f.links.queue, 'Review it')}`,
      footerHtml: foot.html,
    }),
    text: `${head}\n\n${body}\n\nReview it: ${f.links.queue}\n\n${foot.text}`,
    headers: oneClick(f.links.off),
  };
}
