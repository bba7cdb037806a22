import { Hono } from 'hono';
import { z } from 'zod';
import { SUBSCRIPTION_TOPICS } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { emailAddress } from '../../http/email-address.ts';
import { parseJsonBody } from '../../http/validation.ts';
import { publicWriteGuard } from '../../http/public-write-guard.ts';
import { pageKeySchema } from '../../http/text-fields.ts';
import { requestSubscription } from './subscribe.ts';
import { existingPageId, pageIdForUpdates } from './subscriptions.repo.ts';

const subscribeSchema = z
  .object({
    email: emailAddress,
    topics: z
      .array(z.enum(['newsletter', 'page'], { error: 'Topics can be newsletter and page.' }))
      .min(1, 'Choose at least one topic.')
      .max(SUBSCRIPTION_TOPICS.length)
      .default(['newsletter']),
    page: pageKeySchema.optional(),
    title: z.string().trim().max(300).optional(),
  })
  .refine((b) => !b.topics.includes('page') || b.page, { message: 'Following a story needs the page key.', path: ['page'] });

/** The answer to every sign-up, whatever the address's state, so the API tells nobody who is subscribed. */
const ACCEPTED = { status: 'pending', message: 'Thanks! Check your inbox for a link to confirm your subscription.' } as const;

/** POST /api/v1/sites/:site/subscriptions */
export function newsletterRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/subscriptions', async (c) => {
    const { db, now, secret, publicUrl } = c.var.deps;
    const input = await parseJsonBody(c, subscribeSchema);
    const at = now();
    await publicWriteGuard(c, {
      limits: (ipKey) => [{ key: `subscribe:ip:${ipKey}`, limit: c.var.site.settings.spam.rateLimits.subscribe }],
      tooFast: (wait) => `Too many sign-ups from your connection. Please try again in ${wait}.`,
    });
    const email = input.email.toLowerCase();
    const topics = [];
    for (const topic of input.topics) {
      if (topic === 'newsletter') topics.push({ topic, target: '' } as const);
      else topics.push({ topic, target: await pageIdForUpdates(db, c.var.site.id, input.page!, input.title, at), title: input.title ?? input.page } as const);
    }
    // The article's sign-up form names its page when the reader follows the story; a page key
    // sent with the newsletter alone is credited to that page if it exists (never created for it).
    const storyTarget = topics.find((t) => t.topic === 'page')?.target;
    const pageId = storyTarget ?? (input.page ? await existingPageId(db, c.var.site.id, input.page) : null);
    await requestSubscription(db, { site: c.var.site, email, topics, publicUrl, secret, now: at, source: { form: 'article', pageId } });
    return c.json(ACCEPTED, 202);
  });

  return app;
}
