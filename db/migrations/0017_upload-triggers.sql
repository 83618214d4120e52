-- Custom migration (drizzle-kit generate --custom): drizzle's schema has no triggers.
-- A note's page shows its uploads (images with their variants, file cards), so when an upload stops
-- being shown by a note or one of its comments (deleted by its owner, or no longer referred to),
-- the note's render_version moves on and the page cache renders the page again.
CREATE TRIGGER upload_refs_render_version_on_delete AFTER DELETE ON upload_refs
BEGIN
  UPDATE notes SET render_version = render_version + 1
  WHERE id = OLD.note_id OR id = (SELECT note_id FROM comments WHERE id = OLD.comment_id);
END;
