CREATE TABLE `bookmarks` (
	`user_id` integer NOT NULL,
	`note_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `note_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bookmarks_user_created_idx` ON `bookmarks` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `bookmarks_note_idx` ON `bookmarks` (`note_id`);--> statement-breakpoint
CREATE TABLE `comment_appreciations` (
	`comment_id` integer NOT NULL,
	`note_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`comment_id`, `user_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comment_appreciations_note_idx` ON `comment_appreciations` (`note_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `comment_appreciations_user_idx` ON `comment_appreciations` (`user_id`);--> statement-breakpoint
CREATE TABLE `note_appreciations` (
	`note_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`note_id`, `user_id`),
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `note_appreciations_user_idx` ON `note_appreciations` (`user_id`);--> statement-breakpoint
CREATE INDEX `note_appreciations_created_idx` ON `note_appreciations` (`created_at`,`note_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `series_author_idx` ON `series` (`author_id`);--> statement-breakpoint
CREATE TABLE `series_notes` (
	`series_id` integer NOT NULL,
	`note_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`series_id`, `note_id`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_notes_note_unique` ON `series_notes` (`note_id`);--> statement-breakpoint
CREATE INDEX `series_notes_order_idx` ON `series_notes` (`series_id`,`position`);--> statement-breakpoint
CREATE TABLE `user_expertise` (
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`user_id`, `name`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_expertise_name_idx` ON `user_expertise` (`name`,`user_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `position` text;--> statement-breakpoint
ALTER TABLE `users` ADD `hidden_from_directory` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `note_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_active_at` integer;--> statement-breakpoint
CREATE INDEX `users_directory_active_idx` ON `users` (`last_active_at`,`id`) WHERE hidden_from_directory = 0 AND suspended_at IS NULL;--> statement-breakpoint
CREATE INDEX `users_directory_notes_idx` ON `users` (`note_count`,`id`) WHERE hidden_from_directory = 0 AND suspended_at IS NULL;--> statement-breakpoint
CREATE INDEX `users_directory_province_active_idx` ON `users` (`province`,`last_active_at`,`id`) WHERE hidden_from_directory = 0 AND suspended_at IS NULL;--> statement-breakpoint
CREATE INDEX `users_directory_province_notes_idx` ON `users` (`province`,`note_count`,`id`) WHERE hidden_from_directory = 0 AND suspended_at IS NULL;