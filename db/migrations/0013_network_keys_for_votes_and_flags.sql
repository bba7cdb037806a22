ALTER TABLE `flags` ADD `network_key` text;--> statement-breakpoint
ALTER TABLE `votes` ADD `network_key` text;