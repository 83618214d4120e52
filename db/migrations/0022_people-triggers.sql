-- Custom migration (drizzle-kit generate --custom): drizzle's schema has no triggers or virtual tables.
-- 1. The people directory sorts members by users.note_count and users.last_active_at from partial
--    indexes; these triggers keep both in step whoever writes (app, scripts, imports). Counts move by
--    one per write (no recount: a bulk seed of 100k notes stays linear).
-- 2. people_fts: a trigram index of names and organisations, so a search by any part of a Thai or
--    Latin name (3+ letters) reads the index instead of scanning every member.
-- 3. Appreciation counts and series navigation are part of a note's cached page: every write that
--    changes them bumps notes.render_version (see docs/decisions/0601-server-and-page-cache.md).
UPDATE users SET
  note_count = (SELECT count(*) FROM notes n WHERE n.author_id = users.id AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL),
  last_active_at = nullif(max(
    coalesce((SELECT max(n.published_at) FROM notes n WHERE n.author_id = users.id AND n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL), 0),
    coalesce((SELECT max(c.created_at) FROM comments c WHERE c.author_id = users.id), 0)), 0);
--> statement-breakpoint
CREATE TRIGGER users_directory_on_note_insert AFTER INSERT ON notes
BEGIN
  UPDATE users SET
    note_count = note_count + (NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.hidden_at IS NULL),
    last_active_at = CASE WHEN NEW.status = 'published' THEN max(coalesce(last_active_at, 0), coalesce(NEW.published_at, NEW.created_at)) ELSE last_active_at END
  WHERE id = NEW.author_id;
END;
--> statement-breakpoint
CREATE TRIGGER users_directory_on_note_update AFTER UPDATE OF status, deleted_at, hidden_at, published_at, author_id ON notes
BEGIN
  UPDATE users SET note_count = note_count - (OLD.status = 'published' AND OLD.deleted_at IS NULL AND OLD.hidden_at IS NULL) WHERE id = OLD.author_id;
  UPDATE users SET
    note_count = note_count + (NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.hidden_at IS NULL),
    last_active_at = CASE WHEN NEW.status = 'published' AND OLD.status IS NOT 'published'
      THEN max(coalesce(last_active_at, 0), coalesce(NEW.published_at, NEW.updated_at)) ELSE last_active_at END
  WHERE id = NEW.author_id;
END;
--> statement-breakpoint
CREATE TRIGGER users_directory_on_note_delete AFTER DELETE ON notes
BEGIN
  UPDATE users SET note_count = note_count - (OLD.status = 'published' AND OLD.deleted_at IS NULL AND OLD.hidden_at IS NULL) WHERE id = OLD.author_id;
END;
--> statement-breakpoint
CREATE TRIGGER users_directory_on_comment_insert AFTER INSERT ON comments
BEGIN
  UPDATE users SET last_active_at = max(coalesce(last_active_at, 0), NEW.created_at) WHERE id = NEW.author_id;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE people_fts USING fts5(display_name, username, organisation, content='users', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
INSERT INTO people_fts(people_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER people_fts_on_user_insert AFTER INSERT ON users
BEGIN
  INSERT INTO people_fts(rowid, display_name, username, organisation) VALUES (NEW.id, NEW.display_name, NEW.username, NEW.organisation);
END;
--> statement-breakpoint
CREATE TRIGGER people_fts_on_user_delete AFTER DELETE ON users
BEGIN
  INSERT INTO people_fts(people_fts, rowid, display_name, username, organisation) VALUES ('delete', OLD.id, OLD.display_name, OLD.username, OLD.organisation);
END;
--> statement-breakpoint
CREATE TRIGGER people_fts_on_user_update AFTER UPDATE OF display_name, username, organisation ON users
BEGIN
  INSERT INTO people_fts(people_fts, rowid, display_name, username, organisation) VALUES ('delete', OLD.id, OLD.display_name, OLD.username, OLD.organisation);
  INSERT INTO people_fts(rowid, display_name, username, organisation) VALUES (NEW.id, NEW.display_name, NEW.username, NEW.organisation);
END;
--> statement-breakpoint
CREATE TRIGGER note_appreciations_render_version_on_insert AFTER INSERT ON note_appreciations
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER note_appreciations_render_version_on_delete AFTER DELETE ON note_appreciations
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_appreciations_render_version_on_insert AFTER INSERT ON comment_appreciations
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER comment_appreciations_render_version_on_delete AFTER DELETE ON comment_appreciations
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id = OLD.note_id;
END;
--> statement-breakpoint
-- A suspended member's appreciation stops counting (counts join the giver's account): their pages change.
CREATE TRIGGER users_render_version_on_suspend AFTER UPDATE OF suspended_at ON users
WHEN (NEW.suspended_at IS NULL) <> (OLD.suspended_at IS NULL)
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (
    SELECT note_id FROM note_appreciations WHERE user_id = NEW.id
    UNION SELECT note_id FROM comment_appreciations WHERE user_id = NEW.id);
END;
--> statement-breakpoint
-- Every note of a series shows "ตอนที่ N จาก M" and the list of its parts.
CREATE TRIGGER series_notes_render_version_on_insert AFTER INSERT ON series_notes
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM series_notes WHERE series_id = NEW.series_id);
END;
--> statement-breakpoint
CREATE TRIGGER series_notes_render_version_on_update AFTER UPDATE ON series_notes
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM series_notes WHERE series_id IN (OLD.series_id, NEW.series_id)) OR id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER series_notes_render_version_on_delete AFTER DELETE ON series_notes
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM series_notes WHERE series_id = OLD.series_id) OR id = OLD.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER series_render_version_on_update AFTER UPDATE OF title, description ON series
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM series_notes WHERE series_id = NEW.id);
END;
--> statement-breakpoint
-- A part's title or visibility shows in the series list on every other part's page.
CREATE TRIGGER series_siblings_render_version_on_note_update AFTER UPDATE OF title, status, deleted_at, hidden_at ON notes
WHEN EXISTS (SELECT 1 FROM series_notes WHERE note_id = NEW.id)
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE id <> NEW.id AND id IN (
    SELECT note_id FROM series_notes WHERE series_id = (SELECT series_id FROM series_notes WHERE note_id = NEW.id));
END;
--> statement-breakpoint
-- 4. The people directory (/people), profiles (position, expertise, series) and the
-- series pages are anonymous list pages cached by site_version (docs/decisions/1002-caches.md):
-- writes that change them bump it. Appreciation, series order and part titles already bump
-- render_version (migration 0010), which the notes trigger follows.
CREATE TRIGGER users_site_version_on_insert AFTER INSERT ON users
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER users_site_version_on_directory_update AFTER UPDATE OF position, hidden_from_directory ON users
WHEN NEW.position IS NOT OLD.position OR NEW.hidden_from_directory IS NOT OLD.hidden_from_directory
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER user_expertise_site_version_on_insert AFTER INSERT ON user_expertise
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER user_expertise_site_version_on_delete AFTER DELETE ON user_expertise
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER series_site_version_on_insert AFTER INSERT ON series
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER series_site_version_on_update AFTER UPDATE ON series
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER series_site_version_on_delete AFTER DELETE ON series
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
