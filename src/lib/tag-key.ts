/**
 * How tags are typed and compared. People write `#แผนชุมชน #ลงพื้นที่`, "AAR, aar", full-width
 * "ＡＡＲ" from a phone keyboard: all of these must land on the same tags.
 */

/** What two tags are compared by: NFKC (full-width → ASCII, composed Thai) then lower case. */
export function tagKey(name: string): string {
  // NOTE: JavaScript has no full Unicode case folding; lower-casing after NFKC covers Latin,
  // Greek and Cyrillic, and Thai has no case.
  return cleanTagName(name).normalize('NFKC').toLowerCase();
}

/** One tag as typed: a leading "#" and surrounding spaces go, inner spaces collapse to one. */
export function cleanTagName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/^[\s#＃]+/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Splits what a person typed or pasted into tags: commas (also Thai/Arabic/ideographic ones),
 * new lines, and `#` starting a new tag ("#a #b #c"). Spaces separate tags too, except inside a
 * text that uses commas, where "การจัดการ ความรู้, ชุมชน" keeps its spaces.
 */
export function splitTags(input: string): string[] {
  const byComma = input.split(/[,،、，\n]/u);
  const parts = byComma.length > 1 ? byComma : input.split(/\s+/u);
  return parts
    .flatMap((part) => part.split(/(?=[#＃])/u))
    .map(cleanTagName)
    .filter(Boolean);
}

/** Drops later spellings of a tag already in the list (by {@link tagKey}), keeping the first. */
export function uniqueTags(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = tagKey(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
