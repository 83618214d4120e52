ALTER TABLE `communities` ADD `cover_upload_id` text REFERENCES uploads(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `communities` ADD `cover_alt` text DEFAULT '' NOT NULL;