/**
 * The Slack-compatible body (`{ "text": … }`, what Slack, Mattermost, Discord's /slack endpoint
 * and Rocket.Chat take on an incoming-webhook URL): one readable message with a link, made from
 * the standard payload when the endpoint's format is `slack`.
 */

interface Payload {
  type: string;
  data: {
    site?: { name?: string };
    page?: { title?: string | null; url?: string | null; key?: string };
    comment?: { authorName?: string; body?: string; status?: string; url?: string | null };
    flag?: { reason?: string };
    subscriber?: { email?: string };
    broadcast?: { subject?: string; recipients?: number };
    message?: string;
  };
}

/** Slack's mrkdwn treats &, < and > as control characters. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function excerpt(body: string | undefined): string {
  const flat = (body ?? '').replace(/\s+/g, ' ').trim();
  const short = flat.length > 300 ? `${flat.slice(0, 299).trimEnd()}…` : flat;
  return short ? `\n> ${esc(short)}` : '';
}

/** Turns a standard payload into the text of a Slack message. */
export function slackText(payloadJson: string, dashboardUrl: string): string {
  const p = JSON.parse(payloadJson) as Payload;
  const d = p.data;
  const site = esc(d.site?.name ?? 'your site');
  const where = d.page ? (d.page.url ? `<${d.page.url}|${esc(d.page.title || d.page.key || d.page.url)}>` : esc(d.page.title || d.page.key || '')) : '';
  const author = `*${esc(d.comment?.authorName || 'Someone')}*`;
  const queue = `<${dashboardUrl}|Open the moderation queue>`;
  switch (p.type) {
    case 'comment.flagged':
      return `:triangular_flag_on_post: A comment by ${author} on ${where} was reported${d.flag?.reason ? ` (${esc(d.flag.reason)})` : ''}.${excerpt(d.comment?.body)}\n${queue}`;
    case 'comment.created':
      return d.comment?.status === 'pending'
        ? `:hourglass: A new comment by ${author} on ${where} waits for review.${excerpt(d.comment?.body)}\n${queue}`
        : `:speech_balloon: New comment by ${author} on ${where}${d.comment?.status && d.comment.status !== 'approved' ? ` (${esc(d.comment.status)})` : ''}.${excerpt(d.comment?.body)}`;
    case 'comment.published':
      return `:white_check_mark: A comment by ${author} on ${where} is published.${excerpt(d.comment?.body)}${d.comment?.url ? `\n<${d.comment.url}|Read it>` : ''}`;
    case 'comment.removed':
      return `:no_entry_sign: A comment on ${where} was taken off the page (${esc(d.comment?.status ?? 'removed')}).`;
    case 'subscriber.confirmed':
      return `:envelope: ${esc(d.subscriber?.email ?? 'A reader')} confirmed a subscription on ${site}.`;
    case 'subscriber.unsubscribed':
      return `:wave: ${esc(d.subscriber?.email ?? 'A reader')} unsubscribed on ${site}.`;
    case 'broadcast.sent':
      return `:mailbox_with_mail: The newsletter “${esc(d.broadcast?.subject ?? '')}” went to ${d.broadcast?.recipients ?? 0} subscribers of ${site}.`;
    default:
      return `:wrench: ${esc(d.message ?? `Parley event ${p.type}`)} (${site})`;
  }
}
