/**
 * The dashboard's hash routes: #/ and #/overview?period=7d (the first page), #/queue/pending, #/queue/all?q=…, #/settings, #/audit?comment=…,
 * #/newsletter, #/newsletter/<broadcast id>, #/subscribers?status=…, #/mailbox?to=…&id=…, #/privacy, #/webhooks
 */
import type { QueueName, SubscriberFilter, SubscriptionTopic } from '../api/models.ts';
import { DEFAULT_PERIOD, type Period, parsePeriod } from './stats-period.ts';

export const QUEUE_NAMES: readonly QueueName[] = ['pending', 'flagged', 'spam', 'all'];
export const SUBSCRIBER_FILTERS: readonly SubscriberFilter[] = ['confirmed', 'unconfirmed', 'unsubscribed', 'blocked'];
export const TOPICS: readonly SubscriptionTopic[] = ['newsletter', 'page', 'replies'];

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return values.includes(value as T) ? (value as T) : '';
}

export type Route =
  | { name: 'overview'; period: Period }
  | { name: 'queue'; queue: QueueName; q: string; page: string }
  | { name: 'settings' }
  | { name: 'bans' }
  | { name: 'editors' }
  | { name: 'audit'; editor: string; comment: string }
  /** copy: a broadcast whose subject and body start the composer. */
  | { name: 'newsletter'; copy: string }
  | { name: 'broadcast'; id: string }
  | { name: 'subscribers'; status: SubscriberFilter | ''; topic: SubscriptionTopic | ''; q: string }
  | { name: 'mailbox'; to: string; id: string }
  | { name: 'account' }
  | { name: 'privacy' }
  | { name: 'webhooks' }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#!?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const path = pathPart.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(queryPart);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'overview')) return { name: 'overview', period: parsePeriod(params.get('period')) };
  if (parts[0] === 'queue') {
    const queue = (parts[1] ?? 'pending') as QueueName;
    if (parts.length <= 2 && QUEUE_NAMES.includes(queue)) {
      return { name: 'queue', queue, q: params.get('q') ?? '', page: params.get('page') ?? '' };
    }
  }
  if (parts.length === 1 && (parts[0] === 'settings' || parts[0] === 'bans' || parts[0] === 'editors')) return { name: parts[0] };
  if (parts.length === 1 && parts[0] === 'audit') return { name: 'audit', editor: params.get('editor') ?? '', comment: params.get('comment') ?? '' };
  if (parts[0] === 'newsletter') {
    if (parts.length === 1) return { name: 'newsletter', copy: params.get('copy') ?? '' };
    if (parts.length === 2) return { name: 'broadcast', id: decodeURIComponent(parts[1]!) };
  }
  if (parts.length === 1 && parts[0] === 'subscribers') {
    return { name: 'subscribers', status: oneOf(SUBSCRIBER_FILTERS, params.get('status')), topic: oneOf(TOPICS, params.get('topic')), q: params.get('q') ?? '' };
  }
  if (parts.length === 1 && parts[0] === 'account') return { name: 'account' };
  if (parts.length === 1 && parts[0] === 'privacy') return { name: 'privacy' };
  if (parts.length === 1 && parts[0] === 'webhooks') return { name: 'webhooks' };
  if (parts.length === 1 && parts[0] === 'mailbox') return { name: 'mailbox', to: params.get('to') ?? '', id: params.get('id') ?? '' };
  return { name: 'not-found', path };
}

function withParams(path: string, params: Record<string, string>): string {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function overviewHref(period: Period = DEFAULT_PERIOD): string {
  return withParams('/overview', { period });
}

export function queueHref(queue: QueueName, filters: { q?: string; page?: string } = {}): string {
  return withParams(`/queue/${queue}`, { q: filters.q ?? '', page: filters.page ?? '' });
}

export function auditHref(filters: { editor?: string; comment?: string } = {}): string {
  return withParams('/audit', { editor: filters.editor ?? '', comment: filters.comment ?? '' });
}

export function newsletterHref(filters: { copy?: string } = {}): string {
  return withParams('/newsletter', { copy: filters.copy ?? '' });
}

export function broadcastHref(id: string): string {
  return `#/newsletter/${encodeURIComponent(id)}`;
}

export function subscribersHref(filters: { status?: string; topic?: string; q?: string } = {}): string {
  return withParams('/subscribers', { status: filters.status ?? '', topic: filters.topic ?? '', q: filters.q ?? '' });
}

export function mailboxHref(filters: { to?: string; id?: string } = {}): string {
  return withParams('/mailbox', { to: filters.to ?? '', id: filters.id ?? '' });
}

/**
 * The site a link names (`#/queue/pending?site=news`, as alert emails link), and the same hash
 * without it: the dashboard switches to that site once, then the hash is a plain route again.
 */
export function siteFromHash(hash: string): { site: string; rest: string } | null {
  const [path = '', query = ''] = hash.split('?', 2);
  const params = new URLSearchParams(query);
  const site = params.get('site');
  if (!site) return null;
  params.delete('site');
  const qs = params.toString();
  return { site, rest: `${path}${qs ? `?${qs}` : ''}` };
}

export function navigate(href: string): void {
  if (location.hash !== href) location.hash = href;
}
