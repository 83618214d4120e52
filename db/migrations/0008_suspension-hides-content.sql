-- Custom migration: a suspended member's notes leave every public list like hidden ones do, and
-- come back when the suspension is lifted. note_tags.listed now also requires an active author;
-- suspending or restoring an account re-lists its notes and bumps render_version of every note
-- page showing its notes or comments, so no cached page keeps them.
DROP TRIGGER note_tags_listing_on_insert;
--> statement-breakpoint
DROP TRIGGER note_tags_listing_on_note_update;
--> statement-breakpoint
CREATE TRIGGER note_tags_listing_on_insert AFTER INSERT ON note_tags
BEGIN
  UPDATE note_tags SET
    listed = (SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.author_id AND u.suspended_at IS NOT NULL) FROM notes n WHERE n.id = NEW.note_id),
    published_at = (SELECT n.published_at FROM notes n WHERE n.id = NEW.note_id)
  WHERE note_id = NEW.note_id AND tag_id = NEW.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER note_tags_listing_on_note_update AFTER UPDATE OF status, deleted_at, hidden_at, published_at ON notes
BEGIN
  UPDATE note_tags SET
    listed = (NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.hidden_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.author_id AND u.suspended_at IS NOT NULL)),
    published_at = NEW.published_at
  WHERE note_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER users_suspension_relists_notes AFTER UPDATE OF suspended_at ON users
WHEN (OLD.suspended_at IS NULL) <> (NEW.suspended_at IS NULL)
BEGIN
  UPDATE note_tags SET
    listed = NEW.suspended_at IS NULL AND (SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL FROM notes n WHERE n.id = note_tags.note_id)
  WHERE note_id IN (SELECT id FROM notes WHERE author_id = NEW.id);
  UPDATE notes SET render_version = render_version + 1 WHERE author_id = NEW.id;
  UPDATE notes SET render_version = render_version + 1 WHERE id IN (SELECT note_id FROM comments WHERE author_id = NEW.id);
END;
--> statement-breakpoint
UPDATE note_tags SET listed = 0 WHERE note_id IN (SELECT n.id FROM notes n JOIN users u ON u.id = n.author_id WHERE u.suspended_at IS NOT NULL);
