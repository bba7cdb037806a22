CREATE TABLE `spent_tokens` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_tokens_expires_idx` ON `spent_tokens` (`expires_at`);--> statement-breakpoint
ALTER TABLE `comments` ADD `spam_reasons` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `body_hash` text;--> statement-breakpoint
CREATE INDEX `comments_body_hash_idx` ON `comments` (`site_id`,`body_hash`,`created_at`);