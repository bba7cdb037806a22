import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { readJsonBody } from './json-body.ts';

/** Turns zod issues into the envelope's `fields`: one message per top-level field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[name] ??= issue.message;
  }
  return fields;
}

/** The `invalid_request` error for failed validation, naming each field in `fields`. */
export function invalid(error: z.ZodError, what: string): AppError {
  const fields = fieldErrors(error);
  const messages = Object.values(fields);
  const message = messages.length > 0 ? messages.join(' ') : `The ${what} is not valid.`;
  return new AppError('invalid_request', message, fields);
}

/** Parses a JSON request body against a schema, or throws `invalid_request` naming the fields. */
export async function parseJsonBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await readJsonBody(c);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_request', 'The request body must be JSON.');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('invalid_request', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(result.error, 'request body');
  return result.data;
}

/** Parses query parameters (single values) against a schema, or throws `invalid_request`. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw invalid(result.error, 'query');
  return result.data;
}
