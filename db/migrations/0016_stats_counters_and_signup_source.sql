CREATE TABLE `email_events` (
	`message_id` text NOT NULL,
	`type` text NOT NULL,
	`site_id` text,
	`broadcast_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`message_id`, `type`)
);
--> statement-breakpoint
CREATE INDEX `email_events_broadcast_idx` ON `email_events` (`broadcast_id`,`type`);--> statement-breakpoint
CREATE TABLE `stats_counters` (
	`site_id` text NOT NULL,
	`metric` text NOT NULL,
	`bucket` integer NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`value` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `metric`, `bucket`, `subject`)
);
--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `source` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `source_page_id` text;