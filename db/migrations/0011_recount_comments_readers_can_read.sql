-- A page's count is of the comments readers can read: published ones, not the text-free
-- "[deleted]" placeholders their authors left behind (which earlier versions still counted).
UPDATE `pages` SET `comment_count` = (
  SELECT count(*) FROM `comments` WHERE `comments`.`page_id` = `pages`.`id` AND `comments`.`status` = 'approved' AND `comments`.`deleted_at` IS NULL
);
