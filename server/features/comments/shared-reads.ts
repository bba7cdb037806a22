/**
 * The hot public reads (listing first page per sort, comments.html, the check, counts) through
 * the deployment's shared cache when it has one (Workers: the Cache API, see server/shared-cache.ts).
 * A page's row is kept for the site's edgeCacheSeconds under the site's generation, and answers
 * under the page's version, which every comment write bumps: a hot page then costs no database
 * query per request. Any write through this deployment starts a new generation of its site
 * (sites/site-context.ts), so the next read loads the rows, and with them the new versions.
 * Without a shared cache, or with edgeCacheSeconds 0, everything reads the database as before.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { weakEtag } from '../../http/etag.ts';
import { remembered } from '../../shared-cache.ts';
import { findPage, type PageRow } from './comments.repo.ts';

/** An answer never changes under its version's key; this only bounds how long unused ones stay. */
const ANSWER_SECONDS = 300;

/** The page row (or that there is none), from the shared cache when the site is kept there. */
export async function currentPage(c: Context<AppEnv>, key: string): Promise<PageRow | undefined> {
  const { db, sharedCache } = c.var.deps;
  const { site, sharedGeneration } = c.var;
  const load = async () => (await findPage(db, site.id, key)) ?? null;
  if (!sharedGeneration) return (await load()) ?? undefined;
  return (await remembered(sharedCache, `page:${sharedGeneration}:${key}`, site.settings.edgeCacheSeconds, load)) ?? undefined;
}

export interface SharedAnswer {
  body: string;
  etag: string;
}

/** A short key for one answer of one version of a page: `kind` names the route and its options. */
export const answerKey = (kind: string, page: PageRow, version: string) => `${kind}:${page.id}:${weakEtag(version)}`;

/** The answer kept under `key`, if the site shares its reads and it is there. */
export async function sharedAnswer(c: Context<AppEnv>, key: string): Promise<SharedAnswer | undefined> {
  const { sharedCache } = c.var.deps;
  if (!sharedCache || !c.var.sharedGeneration) return undefined;
  const kept = await sharedCache.get(key);
  return kept === undefined ? undefined : (JSON.parse(kept) as SharedAnswer);
}

export async function keepAnswer(c: Context<AppEnv>, key: string, answer: SharedAnswer): Promise<void> {
  const { sharedCache } = c.var.deps;
  if (sharedCache && c.var.sharedGeneration) await sharedCache.put(key, JSON.stringify(answer), ANSWER_SECONDS);
}
