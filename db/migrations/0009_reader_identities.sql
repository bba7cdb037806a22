CREATE TABLE `identities` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`email` text,
	`name` text,
	`avatar_url` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_site_kind_subject_uq` ON `identities` (`site_id`,`kind`,`subject`);--> statement-breakpoint
CREATE INDEX `identities_site_email_idx` ON `identities` (`site_id`,`email`);--> statement-breakpoint
CREATE TABLE `magic_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`return_url` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `magic_links_expires_idx` ON `magic_links` (`expires_at`);--> statement-breakpoint
CREATE TABLE `reader_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`identity_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`identity_id`) REFERENCES `identities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reader_sessions_identity_idx` ON `reader_sessions` (`identity_id`);--> statement-breakpoint
CREATE INDEX `reader_sessions_expires_idx` ON `reader_sessions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `comments` ADD `author_avatar_url` text;--> statement-breakpoint
CREATE INDEX `comments_identity_idx` ON `comments` (`identity_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `sites` ADD `sso_secret` text;