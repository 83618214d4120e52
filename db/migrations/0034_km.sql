CREATE TABLE `asset_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`story` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `knowledge_assets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `asset_applications_asset_idx` ON `asset_applications` (`asset_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `asset_applications_user_idx` ON `asset_applications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `asset_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`editor_id` integer,
	`title` text NOT NULL,
	`summary_markdown` text NOT NULL,
	`undoes` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `knowledge_assets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `asset_revisions_asset_revision_unique` ON `asset_revisions` (`asset_id`,`revision`);--> statement-breakpoint
CREATE TABLE `asset_sources` (
	`asset_id` integer NOT NULL,
	`note_id` integer NOT NULL,
	`added_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`asset_id`, `note_id`),
	FOREIGN KEY (`asset_id`) REFERENCES `knowledge_assets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `asset_sources_note_idx` ON `asset_sources` (`note_id`);--> statement-breakpoint
CREATE TABLE `knowledge_assets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`created_by_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary_markdown` text NOT NULL,
	`summary_html` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`applied_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `knowledge_assets_community_idx` ON `knowledge_assets` (`community_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `knowledge_assets_created_idx` ON `knowledge_assets` (`created_at`);--> statement-breakpoint
CREATE TABLE `note_view_weeks` (
	`note_id` integer NOT NULL,
	`week` text NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`note_id`, `week`),
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `question_reminders` (
	`note_id` integer PRIMARY KEY NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`note_id`) REFERENCES `notes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `notes` ADD `accepted_answer_id` integer REFERENCES comments(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX `notes_kind_public_idx` ON `notes` (`kind`,`status`,`deleted_at`,`hidden_at`,`published_at`);--> statement-breakpoint
CREATE INDEX `comments_author_created_idx` ON `comments` (`author_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `users_province_idx` ON `users` (`province`);--> statement-breakpoint
-- Hand-written (issue 26): accepting or withdrawing an answer moves a question between /questions?status=open
-- and answered and changes tag and home lists' marks, so it retires list pages (decision 1002; the notes
-- trigger of migration 0027 lists its columns and does not name this one). The note page follows
-- render_version, which migration 0004's trigger already bumps on this update.
CREATE TRIGGER notes_site_version_on_accept AFTER UPDATE OF accepted_answer_id ON notes
WHEN OLD.accepted_answer_id IS NOT NEW.accepted_answer_id
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
-- Assets are listed on community pages, the sitemap and feeds (list pages keyed by site_version).
CREATE TRIGGER knowledge_assets_site_version_on_insert AFTER INSERT ON knowledge_assets
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER knowledge_assets_site_version_on_update AFTER UPDATE OF title, summary_html, revision, applied_count ON knowledge_assets
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER knowledge_assets_site_version_on_delete AFTER DELETE ON knowledge_assets
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
