-- Custom migration (drizzle-kit generate --custom): drizzle's schema has no triggers.
-- A member's avatar shows beside their notes' bylines and their comments (cached note pages,
-- keyed by notes.render_version), on their profile and in the people directory (list pages,
-- keyed by site_version). A new, changed or removed avatar retires all of them, like a rename.
-- NOTE: also fires when deleting the upload clears the column (ON DELETE SET NULL).
CREATE TRIGGER users_avatar_retires_pages AFTER UPDATE OF avatar_upload_id ON users
WHEN NEW.avatar_upload_id IS NOT OLD.avatar_upload_id
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE author_id = NEW.id;
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM comments WHERE author_id = NEW.id);
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
