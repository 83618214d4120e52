/**
 * The long answers of an AAR (the four questions and the lessons) are Markdown written in the rich
 * editor. AARs written before the editor hold plain text with line breaks (aar_reports.text_format
 * 'plain'): their page shows that text as before (line breaks kept, nothing read as markup), and
 * their edit form gets it escaped into Markdown, so the editor shows the same text.
 */

/** Every ASCII punctuation character: CommonMark lets any of them be escaped with a backslash. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Markdown that shows `text` as typed: no character is read as markup (a "1." or "-" at a line's
 * start, "*", "#", "<b>"), a single line break stays a line break (the renderer keeps them) and a
 * blank line starts a paragraph. NOTE: a web address still becomes a link (GFM finds them in the
 * text after escapes are read), which is why the page of a plain row does not render it this way.
 */
export function plainTextToMarkdown(text: string): string {
  return text.replace(ASCII_PUNCTUATION, '\\$&');
}

/** An AAR answer as Markdown, whichever way it was stored. */
export function aarTextAsMarkdown(text: string, format: 'plain' | 'markdown'): string {
  return format === 'plain' ? plainTextToMarkdown(text) : text;
}
