/** The dashboard's hash routes: #/queue/pending, #/queue/all?q=…, #/settings, #/audit?comment=… */
import type { QueueName } from '../api/types.ts';

export const QUEUE_NAMES: readonly QueueName[] = ['pending', 'flagged', 'spam', 'all'];

export type Route =
  | { name: 'queue'; queue: QueueName; q: string; page: string }
  | { name: 'settings' }
  | { name: 'bans' }
  | { name: 'editors' }
  | { name: 'audit'; editor: string; comment: string }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#!?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const path = pathPart.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(queryPart);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'queue', queue: 'pending', q: '', page: '' };
  if (parts[0] === 'queue') {
    const queue = (parts[1] ?? 'pending') as QueueName;
    if (parts.length <= 2 && QUEUE_NAMES.includes(queue)) {
      return { name: 'queue', queue, q: params.get('q') ?? '', page: params.get('page') ?? '' };
    }
  }
  if (parts.length === 1 && (parts[0] === 'settings' || parts[0] === 'bans' || parts[0] === 'editors')) return { name: parts[0] };
  if (parts.length === 1 && parts[0] === 'audit') return { name: 'audit', editor: params.get('editor') ?? '', comment: params.get('comment') ?? '' };
  return { name: 'not-found', path };
}

function withParams(path: string, params: Record<string, string>): string {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function queueHref(queue: QueueName, filters: { q?: string; page?: string } = {}): string {
  return withParams(`/queue/${queue}`, { q: filters.q ?? '', page: filters.page ?? '' });
}

export function auditHref(filters: { editor?: string; comment?: string } = {}): string {
  return withParams('/audit', { editor: filters.editor ?? '', comment: filters.comment ?? '' });
}

export function navigate(href: string): void {
  if (location.hash !== href) location.hash = href;
}
