DROP INDEX `notifications_user_comment_unique`;--> statement-breakpoint
ALTER TABLE `notifications` ADD `reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_comment_unique` ON `notifications` (`user_id`,`comment_id`) WHERE "notifications"."kind" <> 'moderation';