CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`page_id` text NOT NULL,
	`parent_id` text,
	`root_id` text,
	`depth` integer DEFAULT 0 NOT NULL,
	`author_name` text NOT NULL,
	`author_email` text,
	`identity_id` text,
	`body_source` text NOT NULL,
	`body_html` text NOT NULL,
	`status` text NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`flag_count` integer DEFAULT 0 NOT NULL,
	`spam_score` real DEFAULT 0 NOT NULL,
	`held_reasons` text DEFAULT '[]' NOT NULL,
	`ip_hash` text,
	`edit_token_hash` text,
	`edited_at` integer,
	`edited_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comments_list_newest_idx` ON `comments` (`page_id`,`status`,`depth`,`pinned`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_list_top_idx` ON `comments` (`page_id`,`status`,`depth`,`pinned`,`score`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_root_idx` ON `comments` (`root_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`);--> statement-breakpoint
CREATE INDEX `comments_site_status_idx` ON `comments` (`site_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_author_email_idx` ON `comments` (`site_id`,`author_email`);--> statement-breakpoint
CREATE TABLE `flags` (
	`id` text PRIMARY KEY NOT NULL,
	`comment_id` text NOT NULL,
	`reporter_key` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flags_comment_reporter_uq` ON `flags` (`comment_id`,`reporter_key`);--> statement-breakpoint
CREATE TABLE `instance` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pages` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`key` text NOT NULL,
	`url` text,
	`title` text,
	`closed` integer DEFAULT false NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pages_site_key_uq` ON `pages` (`site_id`,`key`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`allowed_origins` text DEFAULT '[]' NOT NULL,
	`moderation_mode` text DEFAULT 'post' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `votes` (
	`comment_id` text NOT NULL,
	`voter_key` text NOT NULL,
	`value` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`comment_id`, `voter_key`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
