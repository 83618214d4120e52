ALTER TABLE `comments` ADD `deleted_by_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `notes` ADD `deleted_by_id` integer REFERENCES users(id);