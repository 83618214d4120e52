/** @username mentions in Markdown text (usernames are lower-case a-z, 0-9, _ . -). Global: reset lastIndex or use matchAll. */
export const MENTION = /(^|[^\p{L}\p{N}_.@/-])@([a-z0-9][a-z0-9_.-]{2,29})/giu;
/** A comment naming more people than this is treated as a list, not a set of mentions. */
const MAX_MENTIONS = 20;

/** The distinct usernames mentioned in `text`, lower-cased, in order, at most MAX_MENTIONS. Code spans are skipped. */
export function extractMentions(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```|`[^`\n]*`/g, ' ');
  const names = new Set<string>();
  for (const match of withoutCode.matchAll(MENTION)) {
    names.add(match[2]!.toLowerCase().replace(/[.-]+$/, ''));
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names];
}
