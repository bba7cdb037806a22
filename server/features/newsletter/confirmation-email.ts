import type { SubscriptionTopic } from '../../../db/schema.ts';
import { emailButton, emailLayout, escapeHtml } from '../../mail/email-html.ts';

const TOPIC_LABEL: Record<SubscriptionTopic, string> = {
  newsletter: 'the newsletter',
  page: 'updates to a story',
  replies: 'replies to your comment',
};

export function topicList(topics: { topic: SubscriptionTopic; title?: string | null }[]): string {
  return topics.map((t) => (t.topic === 'page' && t.title ? `updates to “${t.title}”` : TOPIC_LABEL[t.topic])).join(', ');
}

/** The double opt-in email. Nothing a reader typed goes into the subject. */
export function confirmationEmail(options: { siteName: string; confirmUrl: string; topics: string }) {
  const subject = `Confirm your subscription to ${options.siteName}`;
  const html = emailLayout({
    siteName: options.siteName,
    bodyHtml: `<p>Please confirm that you want to receive ${escapeHtml(options.topics)} from ${escapeHtml(options.siteName)}.</p>${emailButton(options.confirmUrl, 'Confirm subscription')}<p style="font-size:14px;color:#555">The link works for 48 hours. If you did not ask for this, ignore this email and nothing will be sent to you.</p>`,
  });
  const text = `Please confirm that you want to receive ${options.topics} from ${options.siteName}:\n\n${options.confirmUrl}\n\nThe link works for 48 hours. If you did not ask for this, ignore this email and nothing will be sent to you.\n`;
  return { subject, html, text };
}
