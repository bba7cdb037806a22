import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.ts';

/**
 * The structured logger an entry hands to the app: pino on Node, a JSON console logger on
 * Workers. Fields go first, the message second, as pino takes them.
 */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** What the app reports for metrics; the Node entry turns it into Prometheus series. */
export interface AppMetrics {
  request(fields: { method: string; route: string; status: number; seconds: number }): void;
  commentPosted(outcome: CommentOutcome): void;
}

export type CommentOutcome = 'approved' | 'pending' | 'spam' | 'refused';

/** The route every public comment is posted to, as Hono names its pattern. */
const POST_COMMENT_ROUTE = '/api/v1/sites/:site/comments';

/**
 * Request ids that a proxy may hand over: short and plain, so a forged header cannot break a log
 * line or smuggle personal data into it.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The route pattern that answered (`/api/v1/sites/:site/comments`), never the raw path: the path
 * carries page keys and tokens, and a metric label per path would grow without bound.
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  const current = routes[c.req.routeIndex];
  // A middleware (site loading, auth) may answer before the handler: name the handler's route.
  const route = current && !(current.method === 'ALL' && current.path.endsWith('*')) ? current : routes.filter((r) => r.method !== 'ALL').at(-1);
  if (!route) {
    // Only middleware ran: a static file (the widget, the dashboard), or nothing matched.
    return c.res.status === 404 ? '(unmatched)' : '(static)';
  }
  return route.path;
}

/** A stored comment's status as the post route set it, or `refused` for a refusal it answered. */
function commentOutcome(c: Context<AppEnv>): CommentOutcome | undefined {
  const status = c.res.status;
  if (status === 201) return c.get('commentOutcome');
  return status === 403 || status === 409 || status === 422 || status === 429 ? 'refused' : undefined;
}

/**
 * Gives every request an id (a trusted proxy's X-Request-Id, or a new one), answers it in
 * `X-Request-Id`, and afterwards writes one log line and the request's metrics. The line holds
 * no personal data: no IP address, no query string, no email, no token.
 */
export function observeRequests(options: { logger?: Logger | undefined; metrics?: AppMetrics | undefined; trustRequestId?: boolean | undefined }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = options.trustRequestId ? c.req.header('X-Request-Id') : undefined;
    const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', requestId);
    // Set before the handler answers, so it goes into the answer as built (see app.ts).
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const route = routePattern(c);
      const status = c.res.status;
      const site = c.get('site')?.id;
      options.logger?.info(
        { reqId: requestId, method: c.req.method, route, status, durationMs: Math.round(seconds * 10_000) / 10, ...(site ? { site } : {}) },
        'request',
      );
      if (options.metrics) {
        options.metrics.request({ method: c.req.method, route, status, seconds });
        if (c.req.method === 'POST' && route === POST_COMMENT_ROUTE) {
          const outcome = commentOutcome(c);
          if (outcome) options.metrics.commentPosted(outcome);
        }
      }
    }
  };
}
