import { t } from './i18n.ts';
import type { Comment, Listing, MountConfig, Sort } from './types.ts';

/** An error answer in the API's envelope, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    // No cookies: the widget runs on the publisher's page and needs none.
    res = await fetch(url, { ...init, credentials: 'omit' });
  } catch {
    throw new ApiError(0, 'network', t('networkError'));
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; fields?: Record<string, string> } } | null;
  if (!res.ok) {
    const e = body?.error;
    throw new ApiError(res.status, e?.code ?? 'error', e?.message ?? t('networkError'), e?.fields);
  }
  return body as T;
}

export type FlagReason = 'spam' | 'abuse' | 'off-topic' | 'other';

export interface NewComment {
  parentId?: string;
  authorName: string;
  authorEmail?: string;
  body: string;
  notifyReplies?: boolean;
}

/** The public comments API of one page. */
export function commentsApi(config: MountConfig) {
  const base = `${config.server}/api/v1/sites/${encodeURIComponent(config.site)}`;
  return {
    list(sort: Sort, cursor?: string | null): Promise<Listing> {
      const q = new URLSearchParams({ page: config.page, sort, limit: '20' });
      if (cursor) q.set('cursor', cursor);
      return request<Listing>(`${base}/comments?${q}`);
    },
    flag(commentId: string, reason: FlagReason, note?: string): Promise<{ flagged: boolean }> {
      return request(`${base}/comments/${encodeURIComponent(commentId)}/flags`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(note ? { reason, note } : { reason }),
      });
    },
    post(input: NewComment): Promise<{ comment: Comment; editToken: string }> {
      return request(`${base}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ page: config.page, url: config.url, title: config.title, ...input }),
      });
    },
  };
}
export type CommentsApi = ReturnType<typeof commentsApi>;

/** The public newsletter API of one site. */
export function subscribeApi(config: MountConfig) {
  const base = `${config.server}/api/v1/sites/${encodeURIComponent(config.site)}`;
  return {
    subscribe(email: string, topics: ('newsletter' | 'page')[]): Promise<{ status: string; message: string }> {
      return request(`${base}/subscriptions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, topics, ...(topics.includes('page') ? { page: config.page, title: config.title } : {}) }),
      });
    },
  };
}
export type SubscribeApi = ReturnType<typeof subscribeApi>;
