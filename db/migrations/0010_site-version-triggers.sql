-- Custom migration (drizzle-kit generate --custom): drizzle's schema has no triggers.
-- site_version goes up on every write that changes an anonymous list page (home, tags, profiles,
-- communities, AAR list), whoever makes it; the list-page cache is keyed by it. View counts,
-- sessions, rate-limit buckets, notifications, reports and audit rows leave it alone, so reading
-- and signing in never empty the list cache. Comments, tags and community filing change a note's
-- render_version (migration 0004), which the notes trigger below follows.
-- See docs/decisions/1002-caches.md.
INSERT INTO site_version (id, version) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER notes_site_version_on_insert AFTER INSERT ON notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER notes_site_version_on_delete AFTER DELETE ON notes
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER notes_site_version_on_update AFTER UPDATE ON notes
WHEN NEW.view_count = OLD.view_count OR NEW.render_version IS NOT OLD.render_version
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER tags_site_version_on_insert AFTER INSERT ON tags
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER tags_site_version_on_delete AFTER DELETE ON tags
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER communities_site_version_on_insert AFTER INSERT ON communities
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER communities_site_version_on_delete AFTER DELETE ON communities
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_members_site_version_on_insert AFTER INSERT ON community_members
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_members_site_version_on_delete AFTER DELETE ON community_members
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER user_follows_site_version_on_insert AFTER INSERT ON user_follows
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER user_follows_site_version_on_delete AFTER DELETE ON user_follows
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_follows_site_version_on_insert AFTER INSERT ON community_follows
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER community_follows_site_version_on_delete AFTER DELETE ON community_follows
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER tags_site_version_on_update AFTER UPDATE ON tags
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER communities_site_version_on_update AFTER UPDATE ON communities
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER users_site_version_on_delete AFTER DELETE ON users
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER users_site_version_on_update AFTER UPDATE ON users
WHEN NEW.username IS NOT OLD.username OR NEW.display_name IS NOT OLD.display_name OR NEW.bio IS NOT OLD.bio
  OR NEW.organisation IS NOT OLD.organisation OR NEW.province IS NOT OLD.province OR NEW.role IS NOT OLD.role
  OR NEW.suspended_at IS NOT OLD.suspended_at
BEGIN
  UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
