-- Custom migration: a note page names the event it is about, so linking a note to an event and
-- renaming an event bump notes.render_version (see 0004 and docs/decisions/0601).
CREATE TRIGGER notes_render_version_on_event AFTER UPDATE OF event_id ON notes
WHEN NEW.event_id IS NOT OLD.event_id AND NEW.render_version = OLD.render_version
BEGIN
  UPDATE notes SET render_version = OLD.render_version + 1 WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER events_render_version_on_rename AFTER UPDATE OF title ON events
WHEN NEW.title IS NOT OLD.title
BEGIN
  UPDATE notes SET render_version = render_version + 1 WHERE event_id = NEW.id;
END;
--> statement-breakpoint
-- The list-page cache (site_version, migration 0010 and docs/decisions/1002-caches.md) must also
-- follow what event and community pages show: events, attendees, pins and managers' badges.
CREATE TRIGGER events_site_version_on_insert AFTER INSERT ON events
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER events_site_version_on_update AFTER UPDATE ON events
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER events_site_version_on_delete AFTER DELETE ON events
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER event_attendees_site_version_on_insert AFTER INSERT ON event_attendees
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER event_attendees_site_version_on_delete AFTER DELETE ON event_attendees
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_notes_site_version_on_update AFTER UPDATE ON community_notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_members_site_version_on_update AFTER UPDATE ON community_members
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
