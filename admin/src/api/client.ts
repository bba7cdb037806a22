/**
 * The dashboard's client of the same-origin admin API: Hono's typed client over a fetch that
 * brings the cookie session and the CSRF token on every write, and the one error envelope turned
 * into {@link ApiError}.
 */
import { type ClientResponse, hc } from 'hono/client';
import type { AdminApp } from '../../../server/admin-api.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Seconds, from Retry-After on 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let onSessionLost: (() => void) | undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401 although the dashboard thought it was signed in. */
export function onUnauthorized(handler: (() => void) | undefined): void {
  onSessionLost = handler;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Where the server mounts the admin API (server/admin-api.ts, ADMIN_API_PATH). */
const ADMIN_BASE = '/api/v1/admin';

/** The address of an admin API route, for plain links (downloads): the session cookie goes along. */
export function adminUrl(path: string, query?: Query): string {
  return withQuery(`${ADMIN_BASE}${path}`, query);
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined)?.error;
  const retry = Number(res.headers.get('Retry-After'));
  const fallback =
    res.status >= 500 ? 'The server had a problem. Please try again in a moment.' : `The request failed (${res.status}).`;
  return new ApiError(
    res.status,
    typeof error?.code === 'string' ? error.code : `http_${res.status}`,
    typeof error?.message === 'string' ? error.message : fallback,
    error?.fields && typeof error.fields === 'object' ? (error.fields as Record<string, string>) : {},
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/**
 * Every admin request goes through here: the session cookie along, no cache, the CSRF token on
 * every write, and a failure to reach the server turned into an {@link ApiError}.
 */
export async function adminFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') headers.set('X-CSRF-Token', csrfToken);
  try {
    return await fetch(input, { ...init, headers, credentials: 'same-origin', cache: 'no-store' });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }
}

/**
 * The admin API, typed from the server's own route definitions (server/admin-api.ts): each call's
 * path, parameters, body and answer are checked against what the server declares. The import is
 * of a type only, so no server code reaches the bundle.
 *
 * @example const { sites } = await answer(api.sites.$get());
 */
export const api = hc<AdminApp>(ADMIN_BASE, { fetch: adminFetch });

/** Options of one call: cancellation, and whether a 401 means the session was lost. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Don't treat a 401 as a lost session (signing in and restoring it). */
  quiet401?: boolean;
}

/** The per-request options `hc` takes, from {@link CallOptions}. */
export function init(options: CallOptions = {}): { init: RequestInit } {
  return { init: options.signal ? { signal: options.signal } : {} };
}

/**
 * The answer of a successful call, or the error envelope thrown as an {@link ApiError} (and a
 * 401 reported as a lost session unless `quiet401`). 204 answers undefined.
 */
export async function answer<T>(pending: Promise<ClientResponse<T, number, string>>, options: CallOptions = {}): Promise<T> {
  const res = await pending;
  if (!res.ok) {
    const error = await errorFrom(res as unknown as Response);
    if (res.status === 401 && !options.quiet401) onSessionLost?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** A message for any failure, for alerts and the live region. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
