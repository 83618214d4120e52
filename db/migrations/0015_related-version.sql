-- Custom migration (drizzle-kit generate --custom): triggers only, no schema change.
-- Row 2 of site_version is the "listing version": it goes up when a note leaves or joins the
-- public set, or its title changes (status, deleted_at, hidden_at, title; a member suspended or
-- restored). A note page shows other notes (related notes), so the anonymous page cache keys note
-- pages by it too: a note sent back to draft, hidden or deleted leaves every cached related list
-- at once (issue 9). Comments, view counts and edits of a note's body leave it alone, so the note
-- page cache still survives a busy comment thread elsewhere. See docs/decisions/1002-caches.md.
INSERT OR IGNORE INTO site_version (id, version) VALUES (2, 0);
--> statement-breakpoint
CREATE TRIGGER notes_listing_version_on_update AFTER UPDATE OF status, deleted_at, hidden_at, title ON notes
WHEN OLD.status IS NOT NEW.status OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.hidden_at IS NOT NEW.hidden_at OR OLD.title IS NOT NEW.title
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 2;
END;
--> statement-breakpoint
CREATE TRIGGER notes_listing_version_on_delete AFTER DELETE ON notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 2;
END;
--> statement-breakpoint
CREATE TRIGGER users_listing_version_on_suspend AFTER UPDATE OF suspended_at ON users
WHEN OLD.suspended_at IS NOT NEW.suspended_at
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 2;
END;
