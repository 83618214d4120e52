DROP INDEX `note_tags_tag_idx`;--> statement-breakpoint
ALTER TABLE `note_tags` ADD `listed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `note_tags` ADD `published_at` integer;--> statement-breakpoint
CREATE INDEX `note_tags_listing_idx` ON `note_tags` (`tag_id`,`listed`,`published_at`,`note_id`);--> statement-breakpoint
DROP INDEX `notes_author_idx`;--> statement-breakpoint
ALTER TABLE `notes` ADD `render_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `notes_author_idx` ON `notes` (`author_id`,`status`,`deleted_at`,`hidden_at`,`published_at`);