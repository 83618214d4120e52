/**
 * Banthuek's own Markdown rules, shared by the server renderer (remark) and the browser editor
 * (markdown-it), so both read a note the same way:
 * - a single line break is a line break (`<br>`), as Thai writers expect (poems, "label + URL" lines);
 * - leading spaces never make a code block: code comes only from ``` or ~~~ fences;
 * - a paragraph indented after a blank line (Thai writers indent) is a paragraph of its own, not
 *   the continuation of the list above it.
 */
/** A fence opens or closes at any indentation (fences inside list items are indented). */
const FENCE = /^(`{3,}|~{3,})/;
/** Spaces, tabs, no-break and ideographic spaces that writers use to indent a paragraph. */
const INDENT = /^[ \t\u00a0\u3000]+/;
/** After the indent: a nested list item, a quote, a fence or a table row keep their meaning. */
const KEEPS_INDENT = /^(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>|`{3,}|~{3,}|\|)/;

/**
 * Removes the indentation of the first line of every paragraph that follows a blank line (outside
 * fenced code), so "1. ข้อแรก\n\n    ย่อหน้าใหม่" is a list and then a paragraph. Nested list items,
 * quotes, fences and table rows are left as written.
 */
export function unindentParagraphs(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  let afterBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = FENCE.exec(line.trimStart());
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined;
      afterBlank = false;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      afterBlank = false;
      continue;
    }
    const blank = line.trim() === '';
    if (afterBlank && !blank) {
      const indent = INDENT.exec(line)?.[0];
      if (indent && !KEEPS_INDENT.test(line.slice(indent.length))) lines[i] = line.slice(indent.length);
    }
    afterBlank = blank;
  }
  return lines.join('\n');
}

const YOUTUBE_ID = /^[\w-]{11}$/;
const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtu.be',
  'www.youtube-nocookie.com',
]);
const FACEBOOK_HOSTS = new Set(['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com', 'fb.watch']);

export type VideoEmbed = { provider: 'youtube'; id: string } | { provider: 'facebook'; url: string };

/** The video a YouTube or Facebook video URL points at, or null for any other URL. */
export function videoEmbedOf(href: string): VideoEmbed | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  if (YOUTUBE_HOSTS.has(host)) {
    const segments = url.pathname.split('/').filter(Boolean);
    const id =
      host === 'youtu.be'
        ? segments[0]
        : segments[0] === 'watch' || segments.length === 0
          ? url.searchParams.get('v')
          : ['shorts', 'embed', 'live', 'v'].includes(segments[0]!)
            ? segments[1]
            : undefined;
    return id && YOUTUBE_ID.test(id) ? { provider: 'youtube', id } : null;
  }
  if (FACEBOOK_HOSTS.has(host)) {
    const isVideo = host === 'fb.watch' || /\/(?:videos|reel|watch)(?:\/|$)/.test(url.pathname) || url.pathname.startsWith('/watch');
    return isVideo ? { provider: 'facebook', url: url.toString() } : null;
  }
  return null;
}

/** The iframe address for a video, built only from the parsed id/URL (never from author HTML). */
export function videoEmbedSrc(video: VideoEmbed): string {
  return video.provider === 'youtube'
    ? `https://www.youtube-nocookie.com/embed/${video.id}?autoplay=1`
    : `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(video.url)}&show_text=false&autoplay=1`;
}

const MAX_CARD_TITLE = 80;

/** A readable title for a link card, from the URL alone (no fetch): its last path segment, else its host. */
export function linkCardTitle(href: string): { title: string; host: string } {
  const url = new URL(href);
  const host = url.hostname.replace(/^www\./, '');
  const segment = url.pathname.split('/').filter(Boolean).pop();
  let title = host;
  if (segment) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // a malformed escape: show the segment as written
    }
    title =
      decoded
        .replace(/\.(?:html?|php|aspx?)$/i, '')
        .replace(/[-_+]+/g, ' ')
        .trim() || host;
  }
  if (title.length > MAX_CARD_TITLE) title = `${title.slice(0, MAX_CARD_TITLE - 1)}…`;
  return { title, host };
}
