CREATE TABLE `aar_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` integer NOT NULL,
	`note_id` integer,
	`values` text NOT NULL,
	`saved_at` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `aar_drafts_author_note_idx` ON `aar_drafts` (`author_id`,`note_id`);--> statement-breakpoint
ALTER TABLE `aar_reports` ADD `text_format` text DEFAULT 'plain' NOT NULL;