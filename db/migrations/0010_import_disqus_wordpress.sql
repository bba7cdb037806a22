CREATE TABLE `import_pending` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`thread_ref` text NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`run_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `imported_comments` (
	`site_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`comment_id` text NOT NULL,
	`external_parent_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `source`, `external_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imported_comments_comment_idx` ON `imported_comments` (`comment_id`);