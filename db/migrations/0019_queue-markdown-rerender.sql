-- Markdown rules v2 (line breaks kept, no indented code, indented paragraphs leave lists, link and
-- video cards): queue every note and comment whose stored HTML may now differ. The start-up step
-- rerenderQueuedMarkdown (src/lib/server/markdown-rerender.ts) renders them again; the page-cache
-- triggers bump their notes' render_version, so cached pages follow.
-- Only text with a line break, a leading indent or (notes) a URL can render differently.
INSERT OR IGNORE INTO markdown_rerenders (target_type, target_id)
SELECT 'note', id FROM notes
WHERE instr(body_markdown, char(10)) > 0 OR body_markdown LIKE ' %' OR body_markdown LIKE char(9) || '%' OR instr(body_markdown, 'http') > 0;
--> statement-breakpoint
INSERT OR IGNORE INTO markdown_rerenders (target_type, target_id)
SELECT 'comment', id FROM comments
WHERE instr(body_markdown, char(10)) > 0 OR body_markdown LIKE ' %' OR body_markdown LIKE char(9) || '%';
