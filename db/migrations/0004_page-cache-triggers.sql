-- Custom migration (drizzle-kit generate --custom): drizzle's schema has no triggers.
-- Every write that changes what a note's page shows bumps notes.render_version, whoever makes it
-- (app, scripts, imports), so the anonymous page cache can never serve a stale page.
-- See docs/decisions/0601-server-and-page-cache.md. view_count alone does not change the page.
CREATE TRIGGER notes_render_version_on_update AFTER UPDATE ON notes
WHEN NEW.render_version = OLD.render_version AND (
  NEW.view_count = OLD.view_count OR NEW.title IS NOT OLD.title OR NEW.body_html IS NOT OLD.body_html
  OR NEW.status IS NOT OLD.status OR NEW.deleted_at IS NOT OLD.deleted_at OR NEW.hidden_at IS NOT OLD.hidden_at
  OR NEW.updated_at IS NOT OLD.updated_at OR NEW.licence IS NOT OLD.licence OR NEW.author_id IS NOT OLD.author_id)
BEGIN
  UPDATE notes SET render_version = OLD.render_version + 1 WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER comments_render_version_on_insert AFTER INSERT ON comments
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER comments_render_version_on_update AFTER UPDATE ON comments
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (OLD.note_id, NEW.note_id);
END;
--> statement-breakpoint
CREATE TRIGGER comments_render_version_on_delete AFTER DELETE ON comments
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER note_tags_render_version_on_insert AFTER INSERT ON note_tags
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER note_tags_render_version_on_delete AFTER DELETE ON note_tags
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER users_render_version_on_rename AFTER UPDATE OF username, display_name ON users
WHEN NEW.username IS NOT OLD.username OR NEW.display_name IS NOT OLD.display_name
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE author_id = NEW.id;
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM comments WHERE author_id = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_render_version_on_insert AFTER INSERT ON aar_reports
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_render_version_on_update AFTER UPDATE ON aar_reports
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (OLD.note_id, NEW.note_id);
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_render_version_on_delete AFTER DELETE ON aar_reports
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER community_notes_render_version_on_insert AFTER INSERT ON community_notes
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER community_notes_render_version_on_delete AFTER DELETE ON community_notes
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER communities_render_version_on_rename AFTER UPDATE OF name, slug ON communities
WHEN NEW.name IS NOT OLD.name OR NEW.slug IS NOT OLD.slug
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM community_notes WHERE community_id = NEW.id);
END;
