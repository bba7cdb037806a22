CREATE TABLE `alert_digest_comments` (
	`comment_id` text NOT NULL,
	`outbox_key` text NOT NULL,
	PRIMARY KEY(`comment_id`, `outbox_key`)
);
