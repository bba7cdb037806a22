DROP INDEX `outbox_due_idx`;--> statement-breakpoint
CREATE INDEX `outbox_due_order_idx` ON `outbox` (`status`,`next_attempt_at`,`id`);