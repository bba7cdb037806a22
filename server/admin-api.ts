import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { accountAlertsRoutes } from './features/alerts/alerts.routes.ts';
import { requireEditor, sameOriginWrites } from './features/editors/admin-auth.ts';
import { editorsRoutes } from './features/editors/editors.routes.ts';
import { sessionRoutes } from './features/editors/session.routes.ts';
import { importRoutes, legacyImportRoutes } from './features/import/import.routes.ts';
import { legacyModerationRoutes, moderationRoutes, moderationSiteRoutes } from './features/moderation/moderation.routes.ts';
import { legacyNewsletterAdminRoutes, newsletterAdminRoutes, newsletterAdminSiteRoutes } from './features/newsletter/newsletter-admin.routes.ts';
import { outgoingWebhooksRoutes } from './features/outgoing-webhooks/outgoing-webhooks.routes.ts';
import { privacyRoutes } from './features/privacy/privacy.routes.ts';
import { adminSite } from './features/sites/admin-site.ts';
import { siteSettingsRoutes, sitesRoutes } from './features/sites/sites.routes.ts';
import { statsRoutes } from './features/stats/stats.routes.ts';

/** Where createApp mounts the editors' API, and the base URL of the dashboard's client. */
export const ADMIN_API_PATH = '/api/v1/admin';

/**
 * The editors' API, every route under /api/v1/admin, defined as one chain so that Hono's typed
 * client (`hc<AdminApp>`) knows each route's request and answer: the dashboard takes its types
 * from here. Same-origin writes only; everything but signing in needs a session (and, for writes,
 * its CSRF token); owner-only routes check the role themselves. A site's routes live under
 * /sites/:site, where one loader checks the site and puts it on the context.
 */
export function adminApi() {
  return (
    new Hono<AppEnv>()
      .use(sameOriginWrites)
      .route('/session', sessionRoutes())
      .use(async (c, next) => (c.req.path.startsWith(`${ADMIN_API_PATH}/session`) ? next() : requireEditor(c, next)))
      .route('/editors', editorsRoutes())
      .route('/account/alerts', accountAlertsRoutes())
      .route('/sites', sitesRoutes())
      .use('/sites/:site/*', adminSite)
      .route('/sites/:site', siteSettingsRoutes())
      .route('/sites/:site', moderationSiteRoutes())
      .route('/sites/:site', newsletterAdminSiteRoutes())
      .route('/sites/:site', importRoutes())
      .route('/sites/:site', outgoingWebhooksRoutes())
      .route('/sites/:site', statsRoutes())
      .route('/', moderationRoutes())
      .route('/', newsletterAdminRoutes())
      .route('/privacy', privacyRoutes())
  );
}

/** The editors' API as the typed client sees it. */
export type AdminApp = ReturnType<typeof adminApi>;

/**
 * The paths that took the site as `?site=` or in the body, before /sites/:site/… existed: kept
 * for one release (0.2) so scripts written against them keep working, then removed. They answer
 * exactly as the site-scoped routes (the same handlers), and are not part of {@link AdminApp}.
 * Mounted after adminApi(), whose middleware (same origin, session) they go through.
 */
export function legacyAdminRoutes() {
  return new Hono<AppEnv>().route('/', legacyModerationRoutes()).route('/', legacyNewsletterAdminRoutes()).route('/', legacyImportRoutes());
}
