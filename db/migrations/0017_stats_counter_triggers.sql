-- The overview's rollups (stats_counters), kept by triggers so that no write path (posting,
-- moderation, imports, erasure, the outbox, webhooks) can forget them and a view never scans the
-- comments. Each counter is a pure function of its base tables' current rows: an insert adds the
-- row's contributions, an update takes the old row's away and adds the new one's, a delete takes
-- them away. server/features/stats/rebuild.repo.ts computes the same functions from scratch.
-- bucket = start (ms) of the row's 15-minute UTC slot. Deletes only touch the counters while the
-- site still exists (a site's deletion cascades to its rows after the site row is gone).
-- One plain SELECT per statement: D1 allows few terms in a compound SELECT.

-- The rollups are read as ranges of their primary key: stored in it (WITHOUT ROWID), a range is
-- read in key order with its values, with no second lookup per row. Empty until the triggers below.
DROP TABLE `stats_counters`;
--> statement-breakpoint
CREATE TABLE `stats_counters` (
	`site_id` text NOT NULL,
	`metric` text NOT NULL,
	`bucket` integer NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`value` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `metric`, `bucket`, `subject`)
) WITHOUT ROWID;
--> statement-breakpoint

-- Comments: by current outcome in the posting slot; per page (not spam, not removed).
CREATE TRIGGER `stats_comments_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, CASE NEW.`status` WHEN 'approved' THEN 'comments.published' WHEN 'pending' THEN 'comments.held' WHEN 'spam' THEN 'comments.spam' WHEN 'rejected' THEN 'comments.refused' END, NEW.`created_at` - NEW.`created_at` % 900000, '', 1 WHERE NEW.`status` IN ('approved', 'pending', 'spam', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, 'page.comments', NEW.`created_at` - NEW.`created_at` % 900000, NEW.`page_id`, 1 WHERE NEW.`status` IN ('approved', 'pending', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_comments_status` AFTER UPDATE OF `status` ON `comments` WHEN OLD.`status` IS NOT NEW.`status` BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, CASE OLD.`status` WHEN 'approved' THEN 'comments.published' WHEN 'pending' THEN 'comments.held' WHEN 'spam' THEN 'comments.spam' WHEN 'rejected' THEN 'comments.refused' END, OLD.`created_at` - OLD.`created_at` % 900000, '', -1 WHERE OLD.`status` IN ('approved', 'pending', 'spam', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, CASE NEW.`status` WHEN 'approved' THEN 'comments.published' WHEN 'pending' THEN 'comments.held' WHEN 'spam' THEN 'comments.spam' WHEN 'rejected' THEN 'comments.refused' END, NEW.`created_at` - NEW.`created_at` % 900000, '', 1 WHERE NEW.`status` IN ('approved', 'pending', 'spam', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'page.comments', OLD.`created_at` - OLD.`created_at` % 900000, OLD.`page_id`, -1 WHERE OLD.`status` IN ('approved', 'pending', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, 'page.comments', NEW.`created_at` - NEW.`created_at` % 900000, NEW.`page_id`, 1 WHERE NEW.`status` IN ('approved', 'pending', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
-- A removed comment takes its counts away, its first moderation decision's latency too (the
-- latency needs the comment's posting time). No comments inside a trigger's body: wrangler strips
-- them when it applies a migration to D1, and the stored trigger text would differ from Node's.
CREATE TRIGGER `stats_comments_delete` AFTER DELETE ON `comments` WHEN EXISTS (SELECT 1 FROM `sites` WHERE `id` = OLD.`site_id`) BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, CASE OLD.`status` WHEN 'approved' THEN 'comments.published' WHEN 'pending' THEN 'comments.held' WHEN 'spam' THEN 'comments.spam' WHEN 'rejected' THEN 'comments.refused' END, OLD.`created_at` - OLD.`created_at` % 900000, '', -1 WHERE OLD.`status` IN ('approved', 'pending', 'spam', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'page.comments', OLD.`created_at` - OLD.`created_at` % 900000, OLD.`page_id`, -1 WHERE OLD.`status` IN ('approved', 'pending', 'rejected')
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'moderation.latency', d.`at` - d.`at` % 900000, CAST(CASE WHEN d.`s` < 120 THEN d.`s` WHEN d.`s` < 3600 THEN d.`s` - d.`s` % 30 WHEN d.`s` < 86400 THEN d.`s` - d.`s` % 300 WHEN d.`s` < 604800 THEN d.`s` - d.`s` % 3600 WHEN d.`s` < 31536000 THEN d.`s` - d.`s` % 86400 ELSE 31536000 END AS TEXT), -1
  FROM (
    SELECT a.`created_at` AS `at`, max(0, (a.`created_at` - OLD.`created_at`) / 1000) AS `s`
    FROM `audit_log` a
    WHERE a.`comment_id` = OLD.`id` AND a.`site_id` = OLD.`site_id` AND a.`before_status` = 'pending' AND a.`after_status` IS NOT NULL AND a.`after_status` != 'pending'
    ORDER BY a.`created_at`, a.`id` LIMIT 1
  ) d
  WHERE true
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
-- Audit log: actions per editor; the first decision on a held comment (pending → anything else)
-- adds its wait, binned (1 s under 2 min, 30 s under 1 h, 5 min under 1 day, 1 h under 7 days,
-- then days, capped at a year), in the decision's slot.
CREATE TRIGGER `stats_audit_insert` AFTER INSERT ON `audit_log` WHEN NEW.`site_id` IS NOT NULL BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, 'editor.actions', NEW.`created_at` - NEW.`created_at` % 900000, NEW.`editor_id`, 1
  WHERE NEW.`editor_id` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, 'moderation.latency', NEW.`created_at` - NEW.`created_at` % 900000, CAST(CASE WHEN d.`s` < 120 THEN d.`s` WHEN d.`s` < 3600 THEN d.`s` - d.`s` % 30 WHEN d.`s` < 86400 THEN d.`s` - d.`s` % 300 WHEN d.`s` < 604800 THEN d.`s` - d.`s` % 3600 WHEN d.`s` < 31536000 THEN d.`s` - d.`s` % 86400 ELSE 31536000 END AS TEXT), 1
  FROM (SELECT max(0, (NEW.`created_at` - c.`created_at`) / 1000) AS `s` FROM `comments` c WHERE c.`id` = NEW.`comment_id` AND c.`site_id` = NEW.`site_id`) d
  WHERE NEW.`before_status` = 'pending' AND NEW.`after_status` IS NOT NULL AND NEW.`after_status` != 'pending'
    AND NOT EXISTS (
      SELECT 1 FROM `audit_log` a
      WHERE a.`comment_id` = NEW.`comment_id` AND a.`id` != NEW.`id` AND a.`site_id` = NEW.`site_id` AND a.`before_status` = 'pending' AND a.`after_status` IS NOT NULL AND a.`after_status` != 'pending'
    )
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
-- A removed editor's entries keep their email but lose the editor id: they leave the per-editor count.
CREATE TRIGGER `stats_audit_editor` AFTER UPDATE OF `editor_id` ON `audit_log` WHEN NEW.`site_id` IS NOT NULL AND OLD.`editor_id` IS NOT NEW.`editor_id` BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, 'editor.actions', NEW.`created_at` - NEW.`created_at` % 900000, OLD.`editor_id`, -1 WHERE OLD.`editor_id` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT NEW.`site_id`, 'editor.actions', NEW.`created_at` - NEW.`created_at` % 900000, NEW.`editor_id`, 1 WHERE NEW.`editor_id` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
-- Subscriptions (their site is their subscriber's): newsletter gains at confirmation and losses at
-- unsubscription (a block unsubscribes too); readers' sign-ups in the sign-up's slot, how many of
-- them got confirmed, and per source page and form.
CREATE TRIGGER `stats_subscriptions_insert` AFTER INSERT ON `subscriptions` BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.gained', NEW.`confirmed_at` - NEW.`confirmed_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`topic` = 'newsletter' AND NEW.`confirmed_at` IS NOT NULL AND NEW.`status` != 'unconfirmed'
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.lost', NEW.`unsubscribed_at` - NEW.`unsubscribed_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`topic` = 'newsletter' AND NEW.`status` = 'unsubscribed' AND NEW.`confirmed_at` IS NOT NULL AND NEW.`unsubscribed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.requested', NEW.`created_at` - NEW.`created_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`source` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.confirmed', NEW.`created_at` - NEW.`created_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`source` IS NOT NULL AND NEW.`confirmed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.' || NEW.`source`, NEW.`created_at` - NEW.`created_at` % 900000, NEW.`source_page_id`, 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`source` IS NOT NULL AND NEW.`source_page_id` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_subscriptions_update` AFTER UPDATE ON `subscriptions`
WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`confirmed_at` IS NOT NEW.`confirmed_at` OR OLD.`unsubscribed_at` IS NOT NEW.`unsubscribed_at` BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.gained', OLD.`confirmed_at` - OLD.`confirmed_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`topic` = 'newsletter' AND OLD.`confirmed_at` IS NOT NULL AND OLD.`status` != 'unconfirmed'
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.gained', NEW.`confirmed_at` - NEW.`confirmed_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`topic` = 'newsletter' AND NEW.`confirmed_at` IS NOT NULL AND NEW.`status` != 'unconfirmed'
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.lost', OLD.`unsubscribed_at` - OLD.`unsubscribed_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`topic` = 'newsletter' AND OLD.`status` = 'unsubscribed' AND OLD.`confirmed_at` IS NOT NULL AND OLD.`unsubscribed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.lost', NEW.`unsubscribed_at` - NEW.`unsubscribed_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`topic` = 'newsletter' AND NEW.`status` = 'unsubscribed' AND NEW.`confirmed_at` IS NOT NULL AND NEW.`unsubscribed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.confirmed', OLD.`created_at` - OLD.`created_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`source` IS NOT NULL AND OLD.`confirmed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.confirmed', NEW.`created_at` - NEW.`created_at` % 900000, '', 1 FROM `subscribers` s WHERE s.`id` = NEW.`subscriber_id` AND NEW.`source` IS NOT NULL AND NEW.`confirmed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
-- A subscription deleted on its own (its subscriber remains) takes its contributions away; when
-- the subscriber is deleted, the cascade runs after the subscriber row is gone, so the
-- subscriber's own trigger below takes them all away first.
CREATE TRIGGER `stats_subscriptions_delete` AFTER DELETE ON `subscriptions` BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.gained', OLD.`confirmed_at` - OLD.`confirmed_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`topic` = 'newsletter' AND OLD.`confirmed_at` IS NOT NULL AND OLD.`status` != 'unconfirmed'
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'newsletter.lost', OLD.`unsubscribed_at` - OLD.`unsubscribed_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`topic` = 'newsletter' AND OLD.`status` = 'unsubscribed' AND OLD.`confirmed_at` IS NOT NULL AND OLD.`unsubscribed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.requested', OLD.`created_at` - OLD.`created_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`source` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.confirmed', OLD.`created_at` - OLD.`created_at` % 900000, '', -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`source` IS NOT NULL AND OLD.`confirmed_at` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT s.`site_id`, 'signup.' || OLD.`source`, OLD.`created_at` - OLD.`created_at` % 900000, OLD.`source_page_id`, -1 FROM `subscribers` s WHERE s.`id` = OLD.`subscriber_id` AND OLD.`source` IS NOT NULL AND OLD.`source_page_id` IS NOT NULL
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_subscribers_delete` BEFORE DELETE ON `subscribers` WHEN EXISTS (SELECT 1 FROM `sites` WHERE `id` = OLD.`site_id`) BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'newsletter.gained', x.`confirmed_at` - x.`confirmed_at` % 900000, '', -count(*) FROM `subscriptions` x WHERE x.`subscriber_id` = OLD.`id` AND x.`topic` = 'newsletter' AND x.`confirmed_at` IS NOT NULL AND x.`status` != 'unconfirmed'
  GROUP BY 2, 3, 4
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'newsletter.lost', x.`unsubscribed_at` - x.`unsubscribed_at` % 900000, '', -count(*) FROM `subscriptions` x WHERE x.`subscriber_id` = OLD.`id` AND x.`topic` = 'newsletter' AND x.`status` = 'unsubscribed' AND x.`confirmed_at` IS NOT NULL AND x.`unsubscribed_at` IS NOT NULL
  GROUP BY 2, 3, 4
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'signup.requested', x.`created_at` - x.`created_at` % 900000, '', -count(*) FROM `subscriptions` x WHERE x.`subscriber_id` = OLD.`id` AND x.`source` IS NOT NULL
  GROUP BY 2, 3, 4
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'signup.confirmed', x.`created_at` - x.`created_at` % 900000, '', -count(*) FROM `subscriptions` x WHERE x.`subscriber_id` = OLD.`id` AND x.`source` IS NOT NULL AND x.`confirmed_at` IS NOT NULL
  GROUP BY 2, 3, 4
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  SELECT OLD.`site_id`, 'signup.' || x.`source`, x.`created_at` - x.`created_at` % 900000, x.`source_page_id`, -count(*) FROM `subscriptions` x WHERE x.`subscriber_id` = OLD.`id` AND x.`source` IS NOT NULL AND x.`source_page_id` IS NOT NULL
  GROUP BY 2, 3, 4
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
-- Mail: a broadcast message handed to the provider is recorded as sent (once), and every recorded
-- event of a broadcast's message counts toward that broadcast.
CREATE TRIGGER `stats_outbox_sent` AFTER UPDATE OF `sent_at` ON `outbox`
WHEN NEW.`broadcast_id` IS NOT NULL AND OLD.`sent_at` IS NULL AND NEW.`sent_at` IS NOT NULL BEGIN
  INSERT INTO `email_events` (`message_id`, `type`, `site_id`, `broadcast_id`, `created_at`)
  VALUES (NEW.`id`, 'sent', NEW.`site_id`, NEW.`broadcast_id`, NEW.`sent_at`)
  ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_email_events_insert` AFTER INSERT ON `email_events`
WHEN NEW.`broadcast_id` IS NOT NULL AND NEW.`site_id` IS NOT NULL BEGIN
  INSERT INTO `stats_counters` (`site_id`, `metric`, `bucket`, `subject`, `value`)
  VALUES (NEW.`site_id`, 'email.' || NEW.`type`, 0, NEW.`broadcast_id`, 1)
  ON CONFLICT (`site_id`, `metric`, `bucket`, `subject`) DO UPDATE SET `value` = `value` + excluded.`value`;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_sites_delete` AFTER DELETE ON `sites` BEGIN
  DELETE FROM `stats_counters` WHERE `site_id` = OLD.`id`;
  DELETE FROM `email_events` WHERE `site_id` = OLD.`id`;
END;
