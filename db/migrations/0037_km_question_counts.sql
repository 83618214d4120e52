-- Issue 26: the KM report's question counts read notes_kind_public_idx alone (author and accepted answer
-- in the index): a province's questions of a year at 1M notes took ~2 s of table reads. Decision 2601.
DROP INDEX `notes_kind_public_idx`;--> statement-breakpoint
CREATE INDEX `notes_kind_public_idx` ON `notes` (`kind`,`status`,`deleted_at`,`hidden_at`,`published_at`,`author_id`,`accepted_answer_id`);