ALTER TABLE `comments` ADD `hidden_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `comments` ADD `hidden_reason` text;--> statement-breakpoint
ALTER TABLE `note_revisions` ADD `was_public` integer DEFAULT false NOT NULL;