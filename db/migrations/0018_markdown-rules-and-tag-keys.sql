CREATE TABLE `markdown_rerenders` (
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	PRIMARY KEY(`target_type`, `target_id`)
);
--> statement-breakpoint
ALTER TABLE `tags` ADD `key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `tags_key_unique` ON `tags` (`key`);