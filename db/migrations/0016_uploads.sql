CREATE TABLE `upload_refs` (
	`upload_id` text NOT NULL,
	`note_id` integer,
	`comment_id` integer,
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `upload_refs_upload_idx` ON `upload_refs` (`upload_id`);--> statement-breakpoint
CREATE INDEX `upload_refs_note_idx` ON `upload_refs` (`note_id`);--> statement-breakpoint
CREATE INDEX `upload_refs_comment_idx` ON `upload_refs` (`comment_id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`file_name` text NOT NULL,
	`files` text NOT NULL,
	`bytes` integer NOT NULL,
	`stored_bytes` integer NOT NULL,
	`width` integer,
	`height` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`unreferenced_since` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uploads_owner_idx` ON `uploads` (`owner_id`);--> statement-breakpoint
CREATE INDEX `uploads_unreferenced_idx` ON `uploads` (`unreferenced_since`);--> statement-breakpoint
ALTER TABLE `aar_reports` ADD `photos` text DEFAULT '[]' NOT NULL;