/**
 * Sites: the sites, their settings and allowed origins, and the site loader of the public and admin APIs.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { adminSite, adminSiteFromBody, adminSiteFromQuery, pageKeyFromPath, requireSite, siteParam } from './admin-site.ts';
export { loadSite, siteCors } from './site-context.ts';
export { allowOrigin, createSiteIfMissing, findSite, type Site } from './sites.repo.ts';
