-- A page's comment count is what readers are shown as comments: published ones, not the
-- "[deleted]" placeholders of comments their readers deleted (which stayed approved, and counted).
UPDATE `pages` SET `comment_count` = (
  SELECT count(*) FROM `comments` c WHERE c.`page_id` = `pages`.`id` AND c.`status` = 'approved' AND c.`deleted_at` IS NULL
);
