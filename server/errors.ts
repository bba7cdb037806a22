import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of error codes the API answers with, and the HTTP status of each. */
const CODE_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  site_not_found: 404,
  comment_not_found: 404,
  own_comment: 403,
  edit_window_closed: 403,
  origin_not_allowed: 403,
  page_closed: 403,
  csrf_failed: 403,
  /** A magic link or SSO token that is unknown, forged, expired or already used. */
  invalid_token: 403,
  banned: 403,
  submission_refused: 403,
  duplicate_comment: 409,
  content_rejected: 422,
  editor_not_found: 404,
  page_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  /** The database is being written by another process (an import, a restore); try again shortly. */
  busy: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof CODE_STATUS;

export function codeToStatus(code: ErrorCode): ContentfulStatusCode {
  return CODE_STATUS[code];
}

/** Field name → what is wrong with it, for `invalid_request`. */
export type FieldErrors = Record<string, string>;

/** An error a handler throws to answer with the one error envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

export function errorBody(code: ErrorCode, message: string, fields?: FieldErrors): ErrorEnvelope {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/** Seconds a client is asked to wait when the database is busy. */
const BUSY_RETRY_SECONDS = 2;

/**
 * Whether an error is SQLite's "database is locked": another process holds the write lock past
 * the connection's busy timeout. Told by its code (better-sqlite3's SqliteError, possibly wrapped
 * by drizzle as the cause) or its message (D1), so this module stays free of any driver.
 */
export function isDatabaseBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if ((typeof code === 'string' && code.startsWith('SQLITE_BUSY')) || /\bdatabase is locked\b|SQLITE_BUSY/.test(e.message)) return true;
  }
  return false;
}

/** Answers an error in the envelope; anything that is not an AppError is logged and hidden. */
export function respondWithError(err: unknown, c: Context, log: (msg: string, err: unknown) => void): Response {
  // A long write by another process (the CLI importing, say) is not a fault of this request:
  // 503 with Retry-After, which clients and the widget already know to wait on.
  if (isDatabaseBusy(err)) {
    err = new AppError('busy', `The comments database is busy with another task. Please try again in ${BUSY_RETRY_SECONDS} seconds.`, undefined, {
      'Retry-After': String(BUSY_RETRY_SECONDS),
    });
  }
  if (err instanceof AppError) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    return c.json(errorBody(err.code, err.message, err.fields), codeToStatus(err.code));
  }
  log(`unhandled error on ${c.req.method} ${c.req.path}`, err);
  return c.json(errorBody('internal_error', 'Something went wrong on our side. Please try again.'), 500);
}
