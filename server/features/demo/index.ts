/**
 * Demo: the demo site, its seeded discussion and the demo article page.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { demoArticleCsp, demoArticleHtml, findDemoPage, seededPageHtml } from './demo-article.ts';
