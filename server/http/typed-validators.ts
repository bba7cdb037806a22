import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { invalid, parseJsonBody } from './validation.ts';

/*
 * Request validation as route middleware (@hono/zod-validator), so a route's request types are
 * part of its definition and Hono's typed client (`hc`) infers them. Failures answer the one
 * error envelope (`invalid_request` with `fields`), exactly as parseJsonBody/parseQuery do.
 */

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads the body once, before the validator: text that is not JSON, or JSON that is not an
 * object, is refused with parseJsonBody's messages, never Hono's plain-text 400. The text stays
 * cached on the request, so the validator (and a handler) can read it again.
 */
async function requireJsonObject(c: Context): Promise<void> {
  await parseJsonBody(c, z.unknown());
  // The validator reads only bodies declared as JSON; undeclared ones would be validated as `{}`.
  const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw new AppError('invalid_request', 'Send the body as JSON, with Content-Type: application/json.');
}

/** Validates a JSON object body against `schema`; the handler reads it with `c.req.valid('json')`. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  const validate = zValidator('json', schema, (result) => {
    // Typed as zod core's $ZodError; at runtime the classic ZodError (the schemas are built with
    // `zod`), and `invalid` reads only its issues.
    if (!result.success) throw invalid(result.error as unknown as z.ZodError, 'request body');
  });
  const checked: MiddlewareHandler = async (c, next) => {
    await requireJsonObject(c);
    return validate(c, next);
  };
  return checked as typeof validate;
}

/**
 * Validates the query string against `schema`; the handler reads it with `c.req.valid('query')`.
 * A repeated parameter counts once (its first value), as `c.req.query()` has it.
 */
export function queryOf<S extends z.ZodType>(schema: S) {
  return zValidator(
    'query',
    schema,
    (result) => {
      if (!result.success) throw invalid(result.error as unknown as z.ZodError, 'query');
    },
    {
      validationFunction: (s, value) =>
        (s as z.ZodType).safeParseAsync(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))) as never,
    },
  );
}
