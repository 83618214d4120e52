CREATE TABLE `account_deletions` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`content` text NOT NULL,
	`requested_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`erased_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_deletions_due_idx` ON `account_deletions` (`due_at`) WHERE erased_at IS NULL;--> statement-breakpoint
CREATE TABLE `consent_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`version` integer NOT NULL,
	`given` integer NOT NULL,
	`source` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_records_user_purpose_idx` ON `consent_records` (`user_id`,`purpose`,`id`);--> statement-breakpoint
CREATE TABLE `personal_data_flags` (
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`kinds` text NOT NULL,
	`flagged_at` integer NOT NULL,
	PRIMARY KEY(`target_type`, `target_id`)
);
--> statement-breakpoint
CREATE INDEX `personal_data_flags_flagged_idx` ON `personal_data_flags` (`flagged_at`);--> statement-breakpoint
-- Members from before consent was recorded (docs/decisions/2501-pdpa.md, "Existing members"):
-- mail: given where they confirmed an address (opening the link whose mail says it starts
-- notification mail was their own act), dated then; directory: their "hide me" choice as it stood.
-- Version 0 marks these; the privacy notice asks each of them once to read it and shows the switches.
INSERT INTO consent_records (user_id, purpose, version, given, source, created_at)
  SELECT id, 'mail', 0, 1, 'migration', email_verified_at FROM users WHERE email IS NOT NULL AND email_verified_at IS NOT NULL;
--> statement-breakpoint
INSERT INTO consent_records (user_id, purpose, version, given, source, created_at)
  SELECT id, 'directory', 0, hidden_from_directory = 0, 'migration', unixepoch('subsec') * 1000 FROM users;
--> statement-breakpoint
-- The people search's FTS5 index overwrites a deleted name's tokens instead of leaving them in old segments.
INSERT INTO people_fts(people_fts, rank) VALUES ('secure-delete', 1);
