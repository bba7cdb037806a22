import type { AppDb } from '../../../db/client.ts';
import { allowOrigin, createSiteIfMissing } from '../sites/index.ts';
import { DEMO_ARTICLES, DEMO_SITE_ID, demoArticlePath } from './demo-articles.ts';
import { DEMO_DISCUSSION } from './demo-discussion.ts';
import { seedThreads } from './seed.ts';

/**
 * Makes sure the demo site exists and allows the server's own public origin. On the first start
 * it also gives the demo articles a discussion, so a new user sees a living comments section.
 */
export async function ensureDemoSite(db: AppDb, publicUrl: string, now: number): Promise<void> {
  const created = await createSiteIfMissing(db, { id: DEMO_SITE_ID, name: 'The Harbour Courier (demo)', allowedOrigins: [publicUrl] }, now);
  if (!created) {
    await allowOrigin(db, DEMO_SITE_ID, publicUrl, now);
    return;
  }
  // The seeded comments talk about the lead story, so only it gets them.
  const lead = DEMO_ARTICLES[0]!;
  await seedThreads(
    db,
    { siteId: DEMO_SITE_ID, pageKey: demoArticlePath(lead.slug), pageTitle: lead.headline, pageUrl: `${publicUrl}${demoArticlePath(lead.slug)}`, now },
    DEMO_DISCUSSION,
    DEMO_DISCUSSION.length,
  );
}
