-- Custom migration: keeps aar_reports.listed equal to its note's public state (published, not
-- deleted, not hidden, author not suspended) whoever writes, as note_tags.listed is (0005, 0008), so
-- /aar reads its pages, its count and its years from aar_reports indexes without touching notes.
UPDATE aar_reports SET listed = coalesce((SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.author_id AND u.suspended_at IS NOT NULL) FROM notes n WHERE n.id = aar_reports.note_id), 0);
--> statement-breakpoint
CREATE TRIGGER aar_reports_listing_on_insert AFTER INSERT ON aar_reports
BEGIN
  UPDATE aar_reports SET
    listed = coalesce((SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.author_id AND u.suspended_at IS NOT NULL) FROM notes n WHERE n.id = NEW.note_id), 0)
  WHERE note_id = NEW.note_id;
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_listing_on_note_update AFTER UPDATE OF status, deleted_at, hidden_at ON notes
BEGIN
  UPDATE aar_reports SET
    listed = (NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.hidden_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.author_id AND u.suspended_at IS NOT NULL))
  WHERE note_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER aar_reports_listing_on_suspension AFTER UPDATE OF suspended_at ON users
WHEN (OLD.suspended_at IS NULL) <> (NEW.suspended_at IS NULL)
BEGIN
  UPDATE aar_reports SET
    listed = NEW.suspended_at IS NULL AND (SELECT n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL FROM notes n WHERE n.id = aar_reports.note_id)
  WHERE note_id IN (SELECT id FROM notes WHERE author_id = NEW.id);
END;
