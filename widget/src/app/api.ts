import type { ProofFields } from './form-proof.ts';
import { lang, loadLaterStrings, t } from './i18n.ts';
import { keepSession, reader, session } from './reader-store.ts';
import type { Comment, Listing, MountConfig, Sort } from './types.ts';

/** An error answer in the API's envelope, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Seconds to wait, from Retry-After on a 429. */
    readonly retryAfter = 0,
  ) {
    super(message);
  }
}

/** Whether the server used up the form's proof: every answer except a field error or a rate limit. */
export const proofSpent = (e: ApiError) => e.status !== 400 && e.status !== 429 && e.status !== 0;

export async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    // No cookies: the widget runs on the publisher's page and needs none.
    const bearer = session()?.token;
    res = await fetch(url, { ...init, headers: { 'X-Parley-Reader': reader(), ...(bearer && { Authorization: `Bearer ${bearer}` }), ...(init?.headers as Record<string, string>) }, credentials: 'omit' });
  } catch {
    throw new ApiError(0, 'network', t('networkError'));
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; fields?: Record<string, string> } } | null;
  if (!res.ok) {
    const e = body?.error;
    // The sign-in ended (expired, or signed out elsewhere): carry on as a guest.
    if (res.status === 401) keepSession(null);
    const retryAfter = Number(res.headers.get('Retry-After')) || 0;
    // The wait is worded here, in the reader's language; the server's message is English.
    if (res.status === 429 || e?.code === 'submission_refused') await loadLaterStrings();
    const message = res.status === 429 ? t('rateLimited', { wait: waitText(retryAfter) }) : e?.code === 'submission_refused' ? t('refused') : e?.message;
    throw new ApiError(res.status, e?.code ?? 'error', message ?? t('networkError'), e?.fields, retryAfter);
  }
  return body as T;
}

function waitText(seconds: number): string {
  const [value, unit] = seconds < 90 ? [Math.max(1, seconds), 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return new Intl.NumberFormat(lang(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** What a form sends beside its own fields: the bot-check proof and the honeypot. */
export type Extra = ProofFields & { website?: string };

export const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({ method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

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
    base,
    page: config.page,
    /** The publisher's SSO token for this reader, from the host page (data-sso). */
    sso: config.sso,
    /** `fresh` (the count the check saw) keys the URL apart, so a CDN cannot answer an older listing. */
    list(sort: Sort, cursor?: string | null, fresh?: number): Promise<Listing> {
      const q = new URLSearchParams({ page: config.page, sort, limit: '20' });
      if (cursor) q.set('cursor', cursor);
      if (fresh) q.set('n', String(fresh));
      return request<Listing>(`${base}/comments?${q}`);
    },
    challengeUrl: `${base}/challenge`,
    /** The article's address and title, recorded with a new comment (post-comment.ts sends them). */
    article: { url: config.url, title: config.title },
    vote(id: string, value: 0 | 1): Promise<{ score: number; voted: boolean }> {
      return request(`${base}/comments/${encodeURIComponent(id)}/votes`, json({ value }));
    },
    /** The next replies of a thread, after its "more replies" cursor. */
    replies(id: string, cursor: string): Promise<Pick<Comment, 'replies' | 'moreReplies'>> {
      return request(`${base}/comments/${encodeURIComponent(id)}/replies?cursor=${encodeURIComponent(cursor)}`);
    },
    /** The thread a linked comment is in, wherever it is in the listing. */
    thread(id: string): Promise<{ thread: Comment | null }> {
      return request(`${base}/comments/${encodeURIComponent(id)}`);
    },
  };
}
export type CommentsApi = ReturnType<typeof commentsApi>;

/** The public newsletter API of one site. */
export function subscribeApi(config: MountConfig) {
  const base = `${config.server}/api/v1/sites/${encodeURIComponent(config.site)}`;
  return {
    challengeUrl: `${base}/challenge`,
    subscribe(email: string, topics: ('newsletter' | 'page')[], extra: Extra): Promise<{ status: string; message: string }> {
      return request(`${base}/subscriptions`, json({ email, topics, ...(topics.includes('page') ? { page: config.page, title: config.title } : {}), ...extra }));
    },
  };
}
export type SubscribeApi = ReturnType<typeof subscribeApi>;
