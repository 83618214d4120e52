CREATE TABLE `community_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`token_hash` text,
	`invitee_id` integer,
	`created_by_id` integer,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`use_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `community_invitations_token_unique` ON `community_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `community_invitations_community_idx` ON `community_invitations` (`community_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `community_invitations_invitee_idx` ON `community_invitations` (`invitee_id`);--> statement-breakpoint
CREATE TABLE `community_join_requests` (
	`community_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`community_id`, `user_id`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `event_attendees` (
	`event_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_attendees_user_idx` ON `event_attendees` (`user_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer,
	`created_by_id` integer NOT NULL,
	`title` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`province_code` text DEFAULT '' NOT NULL,
	`province_name` text DEFAULT '' NOT NULL,
	`district_code` text DEFAULT '' NOT NULL,
	`district_name` text DEFAULT '' NOT NULL,
	`subdistrict_code` text DEFAULT '' NOT NULL,
	`subdistrict_name` text DEFAULT '' NOT NULL,
	`venue` text DEFAULT '' NOT NULL,
	`hosts` text DEFAULT '' NOT NULL,
	`partners` text DEFAULT '' NOT NULL,
	`programme_markdown` text DEFAULT '' NOT NULL,
	`programme_html` text DEFAULT '' NOT NULL,
	`official_aar_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`official_aar_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `events_community_idx` ON `events` (`community_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `events_start_idx` ON `events` (`start_date`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` integer NOT NULL,
	`note_id` integer,
	`community_id` integer,
	`comment_id` integer,
	`read_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "user_id", "kind", "actor_id", "note_id", "community_id", "comment_id", "read_at", "created_at") SELECT "id", "user_id", "kind", "actor_id", "note_id", NULL, "comment_id", "read_at", "created_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_comment_unique` ON `notifications` (`user_id`,`comment_id`);--> statement-breakpoint
ALTER TABLE `aar_reports` ADD `presenters` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `aar_reports` ADD `case_studies` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `join_policy` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `community_members` ADD `role` text DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE `community_notes` ADD `pinned_at` integer;--> statement-breakpoint
ALTER TABLE `notes` ADD `event_id` integer REFERENCES events(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX `notes_event_idx` ON `notes` (`event_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target_type`,`target_id`,`id`);