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

/** Answers an error in the envelope; anything that is not an AppError is logged and hidden. */
export function respondWithError(err: unknown, c: Context, log: (msg: string, err: unknown) => void): Response {
  if (err instanceof AppError) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    return c.json(errorBody(err.code, err.message, err.fields), codeToStatus(err.code));
  }
  log(`unhandled error on ${c.req.method} ${c.req.path}`, err);
  return c.json(errorBody('internal_error', 'Something went wrong on our side. Please try again.'), 500);
}
