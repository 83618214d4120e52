-- Custom migration (drizzle-kit generate --custom): triggers only, no schema change.
-- Reactions no longer retire list pages (issue 10, docs/decisions/1002-caches.md "Reactions"): a
-- comment, an appreciation or a view changes only counts and the "recent comments" / "most
-- appreciated" asides of list pages, which may be up to LIST_PAGE_MAX_AGE_MS old (caches.ts), as view
-- counts already were. Before, every comment bumped render_version, the notes trigger of migration
-- 0010 followed render_version into site_version, and every worker re-rendered and recompressed the
-- home page. The note's own page still follows render_version, so it shows a new comment at once.
--
-- So site_version now follows the note's own columns instead of its render_version: every column
-- but the reaction counters (comment_count, last_commented_at, view_count) and render_version itself.
-- NOTE: a new column on notes that a list page shows must be added to this WHEN.
-- The other writes that bumped render_version and change a list get their own triggers below:
-- tags on a note (tag pages), filing in a community (community pages), series membership (series
-- pages), AAR reports (the AAR list). Renames, suspensions, events and communities already bump
-- site_version themselves (migrations 0010, 0014, 0022).
DROP TRIGGER notes_site_version_on_update;
--> statement-breakpoint
CREATE TRIGGER notes_site_version_on_update AFTER UPDATE ON notes
WHEN NEW.id IS NOT OLD.id OR NEW.author_id IS NOT OLD.author_id OR NEW.kind IS NOT OLD.kind OR NEW.title IS NOT OLD.title
  OR NEW.body_markdown IS NOT OLD.body_markdown OR NEW.body_html IS NOT OLD.body_html OR NEW.excerpt IS NOT OLD.excerpt
  OR NEW.licence IS NOT OLD.licence OR NEW.status IS NOT OLD.status OR NEW.published_at IS NOT OLD.published_at
  OR NEW.deleted_at IS NOT OLD.deleted_at OR NEW.deleted_by_id IS NOT OLD.deleted_by_id OR NEW.hidden_at IS NOT OLD.hidden_at
  OR NEW.event_id IS NOT OLD.event_id OR NEW.created_at IS NOT OLD.created_at OR NEW.updated_at IS NOT OLD.updated_at
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER note_tags_site_version_on_insert AFTER INSERT ON note_tags
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER note_tags_site_version_on_delete AFTER DELETE ON note_tags
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_notes_site_version_on_insert AFTER INSERT ON community_notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_notes_site_version_on_delete AFTER DELETE ON community_notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER series_notes_site_version_on_insert AFTER INSERT ON series_notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER series_notes_site_version_on_update AFTER UPDATE ON series_notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER series_notes_site_version_on_delete AFTER DELETE ON series_notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_site_version_on_insert AFTER INSERT ON aar_reports
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_site_version_on_update AFTER UPDATE ON aar_reports
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_site_version_on_delete AFTER DELETE ON aar_reports
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
