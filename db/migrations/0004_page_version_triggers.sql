-- Any write to a comment bumps its page's version, so a cached listing of the page can be
-- checked for freshness with one indexed read. Triggers, rather than application code, so that
-- no write path (moderation, edits, votes, imports) can forget to do it.
CREATE TRIGGER `comments_insert_bumps_page` AFTER INSERT ON `comments` BEGIN
  UPDATE `pages` SET `version` = `version` + 1 WHERE `id` = NEW.`page_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_update_bumps_page` AFTER UPDATE ON `comments` BEGIN
  UPDATE `pages` SET `version` = `version` + 1 WHERE `id` = NEW.`page_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_delete_bumps_page` AFTER DELETE ON `comments` BEGIN
  UPDATE `pages` SET `version` = `version` + 1 WHERE `id` = OLD.`page_id`;
END;
