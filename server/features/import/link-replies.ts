import { sql } from 'drizzle-orm';
import { changesOf } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import type { ImportSource } from '../../../db/schema.ts';

/**
 * Joins imported replies to their parents once the whole file is in, in SQL over the
 * `imported_comments` ids, because an export may list a reply before its parent. Then sets each
 * reply's root and depth from the tree, and recounts the approved comments of the site's pages.
 *
 * Every step only fills what is missing, so running it again (a second import, or after an
 * import that stopped half-way) repairs rather than repeats. A reply whose parent is not in the
 * file, or is on another page, stays top-level; so does one caught in a parent cycle (only a
 * corrupt export has those), which would otherwise never reach a root.
 * @returns how many imported replies are top-level because their parent is missing.
 */
export async function linkReplies(db: AppDb, options: { siteId: string; source: ImportSource; now: number }): Promise<number> {
  const { siteId, source, now } = options;
  const imported = sql`select comment_id from imported_comments where site_id = ${siteId} and source = ${source}`;

  await db.run(sql`
    update comments set parent_id = (
      select pc.id from imported_comments c
        join imported_comments p on p.site_id = c.site_id and p.source = c.source and p.external_id = c.external_parent_id
        join comments pc on pc.id = p.comment_id
      where c.comment_id = comments.id and c.site_id = ${siteId} and c.source = ${source}
        and pc.page_id = comments.page_id and pc.id <> comments.id)
    where parent_id is null
      and id in (select comment_id from imported_comments where site_id = ${siteId} and source = ${source} and external_parent_id is not null)`);

  const setRoots = sql`
    with recursive tree(id, root, depth) as (
      select id, id, 0 from comments where parent_id is null and id in (${imported})
      union all
      select c.id, tree.root, tree.depth + 1 from comments c join tree on c.parent_id = tree.id
    )
    update comments set root_id = tree.root, depth = tree.depth
    from tree where comments.id = tree.id and tree.depth > 0
      and (comments.root_id is not tree.root or comments.depth <> tree.depth)`;
  await db.run(setRoots);

  // Replies that reached no root are in a cycle (or hang under one): make them top-level.
  const stranded = await db.run(sql`
    update comments set parent_id = null, root_id = null, depth = 0
    where parent_id is not null and root_id is null and id in (${imported})`);
  if (changesOf(stranded) > 0) await db.run(setRoots);

  await db.run(sql`
    update pages set comment_count = (select count(*) from comments where comments.page_id = pages.id and comments.status = 'approved' and comments.deleted_at is null), updated_at = ${now}
    where site_id = ${siteId} and id in (select page_id from comments where id in (${imported}))`);

  const row = await db.get<{ n: number }>(sql`
    select count(*) as n from imported_comments c join comments on comments.id = c.comment_id
    where c.site_id = ${siteId} and c.source = ${source} and c.created_at = ${now}
      and c.external_parent_id is not null and comments.parent_id is null`);
  return Number(row?.n ?? 0);
}
