import MarkdownIt from 'markdown-it';
import { emailLayout, escapeHtml } from '../../mail/email-html.ts';

/**
 * Editors write newsletters in Markdown. They are trusted more than readers (headings and images
 * are allowed) but raw HTML is still escaped and links must be http(s) or mailto, so a stolen
 * editor session cannot turn the newsletter into a phishing page with script.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
md.validateLink = (url: string) => /^(https?:\/\/|mailto:)/i.test(url.trim());

export function renderNewsletterMarkdown(source: string): string {
  return md.render(source);
}

export interface Unsubscribe {
  /** One-click URL (POST) and page (GET) behind the same address. */
  url: string;
  manageUrl: string;
}

/**
 * A newsletter or story update for one recipient: HTML and text parts, and the RFC 8058 headers
 * that give mail clients a one-click unsubscribe button.
 */
export function bulkEmail(options: { siteName: string; subject: string; bodySource: string; bodyHtml?: string; unsubscribe: Unsubscribe; reason: string }) {
  const footerHtml = `${escapeHtml(options.reason)}<br><a href="${escapeHtml(options.unsubscribe.url)}">Unsubscribe</a> · <a href="${escapeHtml(options.unsubscribe.manageUrl)}">Manage your subscriptions</a>`;
  return {
    subject: options.subject,
    html: emailLayout({ siteName: options.siteName, bodyHtml: options.bodyHtml ?? renderNewsletterMarkdown(options.bodySource), footerHtml }),
    text: `${options.bodySource}\n\n--\n${options.reason}\nUnsubscribe: ${options.unsubscribe.url}\nManage your subscriptions: ${options.unsubscribe.manageUrl}\n`,
    headers: {
      'List-Unsubscribe': `<${options.unsubscribe.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
