CREATE TABLE `editor_alerts` (
	`editor_id` text NOT NULL,
	`site_id` text NOT NULL,
	`digest` text DEFAULT 'off' NOT NULL,
	`flagged` integer DEFAULT false NOT NULL,
	`digest_due_at` integer,
	`last_digest_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`editor_id`, `site_id`),
	FOREIGN KEY (`editor_id`) REFERENCES `editors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `editor_alerts_due_idx` ON `editor_alerts` (`digest_due_at`);--> statement-breakpoint
CREATE INDEX `editor_alerts_flagged_idx` ON `editor_alerts` (`site_id`,`flagged`);