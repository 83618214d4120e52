-- Custom migration (drizzle-kit generate --custom): keeps note_tags.listed/published_at equal to the
-- note's public state (published, not deleted, not hidden) whoever writes, so tag pages read one index.
UPDATE note_tags SET
  listed = (SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL FROM notes n WHERE n.id = note_tags.note_id),
  published_at = (SELECT n.published_at FROM notes n WHERE n.id = note_tags.note_id);
--> statement-breakpoint
CREATE TRIGGER note_tags_listing_on_insert AFTER INSERT ON note_tags
BEGIN
  UPDATE note_tags SET
    listed = (SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL FROM notes n WHERE n.id = NEW.note_id),
    published_at = (SELECT n.published_at FROM notes n WHERE n.id = NEW.note_id)
  WHERE note_id = NEW.note_id AND tag_id = NEW.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER note_tags_listing_on_note_update AFTER UPDATE OF status, deleted_at, hidden_at, published_at ON notes
BEGIN
  UPDATE note_tags SET
    listed = (NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.hidden_at IS NULL),
    published_at = NEW.published_at
  WHERE note_id = NEW.id;
END;
