-- The search indexer's change scan (findNotesChangedSince in src/lib/server/search-index/documents.ts)
-- filters on these exact expressions; without an index it read every note and comment, over a minute
-- at 1M notes / 10M comments. Expression indexes are written by hand: drizzle-kit cannot express them.
CREATE INDEX `notes_changed_at_idx` ON `notes` (max(updated_at, coalesce(published_at, 0), coalesce(deleted_at, 0), coalesce(hidden_at, 0)));--> statement-breakpoint
CREATE INDEX `comments_changed_at_idx` ON `comments` (max(updated_at, created_at, coalesce(deleted_at, 0), coalesce(hidden_at, 0)));
