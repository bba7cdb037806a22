import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { constantTimeEqual, sha256Hex } from '../../crypto.ts';
import { parseJsonBody } from '../../http/validation.ts';
import { readerIdentity } from '../readers/index.ts';
import { toCommentJson } from './comment-json.ts';
import { pageKeySchema } from '../../http/text-fields.ts';
import { findPage, heldByIdentity, heldWithTokens } from './comments.repo.ts';

/** A browser keeps few comments awaiting review on one page; more is not a reader's request. */
const MAX_OWN = 50;

const heldQuerySchema = z.object({
  page: pageKeySchema,
  own: z
    .array(
      z.object({
        id: z.string({ error: 'Each comment must be given by its id.' }).min(1).max(64),
        token: z.string({ error: 'Each comment needs the edit token it was posted with.' }).min(1).max(200),
      }),
      { error: 'own must be a list of { id, token }.' },
    )
    .max(MAX_OWN, `Give at most ${MAX_OWN} comments at once.`)
    .default([]),
});

/**
 * A reader's own comments that await review on one page. The public listing is one answer cached
 * and shared by every reader, so it can never carry them; the widget asks for them apart and
 * merges them in, so "awaiting review" survives a reload for its author. The author proves each
 * comment with its edit token (a guest) or the bearer token of the identity that wrote it. POST,
 * because edit tokens are secrets: they stay out of addresses, logs and caches.
 */
export function heldCommentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/comments/held', async (c) => {
    const { db } = c.var.deps;
    const input = await parseJsonBody(c, heldQuerySchema);
    c.header('Cache-Control', 'private, no-store');
    const page = await findPage(db, c.var.site.id, input.page);
    if (!page) return c.json({ comments: [] });
    const identity = await readerIdentity(c);
    const byToken = await heldWithTokens(db, page.id, [...new Set(input.own.map((o) => o.id))]);
    const tokens = new Map(input.own.map((o) => [o.id, o.token]));
    const proven = [];
    for (const row of byToken) {
      // An edit token proves its own comment only; a guessed id without it shows nothing.
      if (row.editTokenHash && constantTimeEqual(await sha256Hex(tokens.get(row.id)!), row.editTokenHash)) proven.push(row);
    }
    const byIdentity = identity ? await heldByIdentity(db, page.id, identity.id) : [];
    const rows = new Map([...proven, ...byIdentity].map((r) => [r.id, r]));
    const held = [...rows.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => toCommentJson(r));
    return c.json({ comments: held });
  });

  return app;
}
