import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ADMIN_API_PATH, adminApi, legacyAdminRoutes } from './admin-api.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { AppError, errorBody, isDatabaseBusy, respondWithError } from './errors.ts';
import { constantTimeEqual, sha256Hex } from './crypto.ts';
import { framingHeaders } from './http/asset-headers.ts';
import { serverHomeHtml } from './http/server-home.ts';
import { observeRequests } from './http/observability.ts';
import { readiness } from './http/readiness.ts';
import { VERSION } from './version.ts';
import { commentsRoutes } from './features/comments/comments.routes.ts';
import { readerActionsRoutes } from './features/comments/reader-actions.routes.ts';
import { heldCommentsRoutes } from './features/comments/held-comments.routes.ts';
import { demoArticleCsp, demoArticleHtml, findDemoPage, seededPageHtml } from './features/demo/demo-article.ts';
import { FAVICON_HEADERS, FAVICON_SVG } from './http/favicon.ts';
import { bodyTooLarge, MAX_BODY_BYTES } from './http/json-body.ts';
import { isImportUpload } from './features/import/import.routes.ts';
import { alertPagesRoutes } from './features/alerts/alerts.routes.ts';
import { newsletterPagesRoutes } from './features/newsletter/newsletter-pages.routes.ts';
import { newsletterRoutes } from './features/newsletter/newsletter.routes.ts';
import { resendWebhookRoutes } from './features/webhooks/resend-webhook.routes.ts';
import { forgetSitesAfterWrites, loadSite, siteCors } from './features/sites/site-context.ts';
import { magicLinkRoutes } from './features/readers/magic-link.routes.ts';
import { myDataRoutes } from './features/privacy/my-data.routes.ts';
import { readerSessionRoutes } from './features/readers/reader-session.routes.ts';
import { ssoRoutes } from './features/readers/sso.routes.ts';
import { challengeRoutes } from './features/spam/challenge.routes.ts';

// Largest JSON body the API reads; a comment is at most 10,000 characters.
export { MAX_BODY_BYTES } from './http/json-body.ts';

export interface AppOptions {
  /** Serve the demo article at `/` (on by default; off for a production comments host). */
  demo?: boolean;
  /** Serves the built widget files (embed.js and its chunks); each runtime brings its own. */
  assets?: MiddlewareHandler<AppEnv>;
  /**
   * Serves GET /metrics (Prometheus text) from what the runtime collects; with a token, only to
   * `Authorization: Bearer <token>`.
   */
  metrics?: { token?: string | undefined; render(): Promise<{ contentType: string; body: string }> };
}

/**
 * Builds the whole HTTP application from its dependencies. Runtime-free: the Node and Worker
 * entries build the dependencies and hand them over; tests build them over `:memory:` SQLite.
 */
export function createApp(deps: AppDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', observeRequests({ logger: deps.logger, metrics: deps.metrics, trustRequestId: deps.trustRequestId }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    // Headers common to every answer are set before the handler answers: Hono puts them into the
    // answer it builds, whereas a header set afterwards makes it build the Response again (on
    // Node that turns @hono/node-server's lightweight answer into a full one, ~10% of a post's
    // CPU). Handlers therefore answer through the context (c.json, c.body), never a bare Response.
    c.header('X-Content-Type-Options', 'nosniff');
    const framing = framingHeaders(c.req.path);
    await next();
    // Pages that must not be framed keep this policy whatever their handler said (few, not hot).
    for (const [name, value] of Object.entries(framing)) c.header(name, value);
  });

  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw bodyTooLarge();
    },
  });
  // Only requests that carry a body pay for the check. The import upload is exempt on purpose:
  // it streams the file into the importer and enforces its own, larger limit (MAX_IMPORT_BYTES).
  app.use('/*', (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || isImportUpload(c.req.path)) return next();
    // A declared length is checked here, from the headers alone: hono/body-limit first asks for
    // the body's web stream, which on Node builds a web Request around the socket that the
    // handler's reader (server/entry/node-body.ts) then does without. Bodies of unknown length
    // (chunked) go through hono/body-limit, which counts them as they arrive.
    const length = c.req.header('Content-Length');
    if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return limitBody(c, next);
    if (Number.parseInt(length, 10) > MAX_BODY_BYTES) throw bodyTooLarge();
    return next();
  });

  if (options.assets) app.use('*', options.assets);

  // Liveness: answers while the process runs, touches nothing. Readiness: may it take traffic?
  app.get('/api/v1/health', (c) => c.json({ status: 'ok', version: VERSION }));
  app.get('/api/v1/ready', async (c) => {
    const report = await readiness(deps.db, deps.now(), deps.checkStorage);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: report.ready ? 'ready' : 'not_ready', version: VERSION, checks: report.checks }, report.ready ? 200 : 503);
  });
  if (options.metrics) {
    const { token, render } = options.metrics;
    app.get('/metrics', async (c) => {
      // Hashed first so the comparison does not reveal the token's length either.
      if (token && !constantTimeEqual(await sha256Hex(`Bearer ${token}`), await sha256Hex(c.req.header('Authorization') ?? ''))) {
        throw new AppError('unauthorized', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.', undefined, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
      const { contentType, body } = await render();
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    });
  }
  app.get('/favicon.ico', (c) => c.body(FAVICON_SVG, 200, FAVICON_HEADERS));

  // Public API, per site: the site is loaded (404 if unknown) before CORS, which depends on it.
  app.use('/api/v1/sites/:site/*', loadSite, siteCors);
  app.route('/api/v1/sites/:site', commentsRoutes());
  app.route('/api/v1/sites/:site', readerActionsRoutes());
  app.route('/api/v1/sites/:site', heldCommentsRoutes());
  app.route('/api/v1/sites/:site', newsletterRoutes());
  app.route('/api/v1/sites/:site', challengeRoutes());
  // Reader sign-in (magic link, publisher SSO), the session, and the reader's own data.
  app.route('/api/v1/sites/:site', magicLinkRoutes());
  app.route('/api/v1/sites/:site', ssoRoutes());
  app.route('/api/v1/sites/:site', readerSessionRoutes());
  app.route('/api/v1/sites/:site', myDataRoutes());
  // Pages behind the links in emails (confirm, unsubscribe, manage).
  app.route('/newsletter', newsletterPagesRoutes());
  // The unsubscribe link of editors' alert emails (one click, no sign-in).
  app.route('/alerts', alertPagesRoutes());
  app.route('/webhooks', resendWebhookRoutes(deps.webhookSecret));

  // Editors' API (see admin-api.ts), then the old `?site=` paths it replaced, for one release.
  // On Workers, an editor's write may change any site's settings: kept public reads start over.
  app.use(`${ADMIN_API_PATH}/*`, forgetSitesAfterWrites);
  app.route(ADMIN_API_PATH, adminApi());
  app.route(ADMIN_API_PATH, legacyAdminRoutes());

  if (options.demo !== false) {
    const csp = { 'Content-Security-Policy': demoArticleCsp(deps.publicUrl) };
    app.get('/', (c) => c.html(demoArticleHtml(deps.publicUrl)!, 200, csp));
    app.get('/articles/:slug', async (c) => {
      const page = demoArticleHtml(deps.publicUrl, c.req.param('slug'));
      if (page) return c.html(page, 200, csp);
      // A page `parley seed` filled on the demo site gets a stand-in article.
      const seeded = await findDemoPage(deps.db, c.req.path);
      return seeded ? c.html(seededPageHtml(deps.publicUrl, seeded), 200, csp) : c.notFound();
    });
    app.get('/demo/page', async (c) => {
      const seeded = await findDemoPage(deps.db, c.req.query('key') ?? '');
      return seeded ? c.html(seededPageHtml(deps.publicUrl, seeded), 200, csp) : c.notFound();
    });
  } else {
    app.get('/', (c) => c.html(serverHomeHtml()));
  }

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) {
      return c.json(errorBody('not_found', `There is no ${c.req.method} ${c.req.path} in this API.`), 404);
    }
    return c.text('Not found', 404);
  });
  const logger = deps.logger;
  app.onError((err, c) => {
    if (isDatabaseBusy(err)) deps.databaseBusy?.();
    return respondWithError(
      err,
      c,
      // With a structured logger, an unexpected error is one line carrying its request id and stack.
      logger ? (message, error) => logger.error({ reqId: c.get('requestId'), err: error }, message) : deps.log,
    );
  });

  return app;
}
