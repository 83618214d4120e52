-- Revisions written before was_public existed: a text replaced after the note was first published
-- was public then unless the note is hidden now (hide periods were not recorded; err on hiding).
UPDATE note_revisions SET was_public = 1
WHERE created_at > (SELECT published_at FROM notes WHERE notes.id = note_revisions.note_id)
  AND (SELECT hidden_at FROM notes WHERE notes.id = note_revisions.note_id) IS NULL;
--> statement-breakpoint
-- Who hid a comment was not recorded before: treat it as a moderator's decision (the safe side).
UPDATE comments SET hidden_reason = 'moderation' WHERE hidden_at IS NOT NULL AND hidden_reason IS NULL;
