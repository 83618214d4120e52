import { describe, expect, it } from 'vitest';
import { markdownToPlainText, renderCommentMarkdown, renderNoteMarkdown } from '../../src/lib/markdown';

const XSS_PAYLOADS: ReadonlyArray<[name: string, markdown: string]> = [
  ['javascript: link', '[x](javascript:alert(1))'],
  ['mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
  ['decimal entity in scheme', '[x](&#106;avascript:alert(1))'],
  ['hex entity in scheme', '[x](&#x6A;avascript:alert(1))'],
  [
    'padded entities without semicolons',
    '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
  ],
  ['&colon; named entity', '[x](javascript&colon;alert(1))'],
  ['&#58; colon entity', '[x](javascript&#58;alert(1))'],
  ['percent-encoded newline in scheme', '[x](java%0ascript:alert(1))'],
  ['percent-encoded tab in scheme', '[x](java%09script:alert(1))'],
  ['literal tab in pointy destination', '[x](<java\tscript:alert(1)>)'],
  ['literal newline in pointy destination', '[x](<java\nscript:alert(1)>)'],
  ['control character before scheme', '[x](\u0001javascript:alert(1))'],
  ['space before scheme', '[x]( javascript:alert(1))'],
  ['backslash before scheme', '[x](\\javascript:alert(1))'],
  ['javascript:// comment trick', '[x](javascript://%0aalert(1))'],
  ['reference-style link', '[x][1]\n\n[1]: javascript:alert(1)'],
  ['collapsed reference with title', '[x]\n\n[x]: JAVASCRIPT:alert(1) "title"'],
  ['autolink javascript:', '<javascript:alert(1)>'],
  ['autolink vbscript:', '<vbscript:msgbox(1)>'],
  ['vbscript: link', '[x](vbscript:msgbox(1))'],
  ['data:text/html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data:image/svg+xml image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['javascript: image', '![x](javascript:alert(1))'],
  ['quote breakout in image URL', '![x](x" onerror="alert(1))'],
  ['quote breakout after real image URL', '![x](https://example.com/a.png" onerror="alert(1))'],
  ['quote breakout in link title', '[x](https://example.com "t\\" onmouseover=\\"alert(1)")'],
  ['quote breakout in fragment', '[x](#" onclick="alert(1))'],
  ['protocol-relative image', '![x](//evil.example/x.png)'],
  ['backslash protocol-relative image', '![x](\\\\evil.example/x.png)'],
  ['reference-style image', '![x][img]\n\n[img]: javascript:alert(1)'],
  ['raw script', '<script>alert(1)</script>'],
  ['raw script with src', '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['script inside svg', '<svg><script>alert(1)</script></svg>'],
  ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
  ['raw anchor', '<a href="javascript:alert(1)">x</a>'],
  ['raw anchor with entity control char', '<a href="&#14;javascript:alert(1)">x</a>'],
  ['raw anchor with data: URL', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ['style element', '<style>body{background:url("javascript:alert(1)")}</style>'],
  ['style attribute', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['form', '<form action="javascript:alert(1)"><input type="submit"></form>'],
  ['math mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['nested script tags', '<<script>script>alert(1)<</script>/script>'],
  ['split script tag', '<scr<script>ipt>alert(1)</script>'],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="javascript:alert(1)">'],
  ['body onload', '<body onload=alert(1)>'],
  ['tab entity inside scheme', '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">'],
  ['HTML comment around script', '<!-- --><script>alert(1)</script><!-- -->'],
  ['CDATA', '<![CDATA[<script>alert(1)</script>]]>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:alert(1)//">'],
  ['raw HTML as link text', '[<img src=x onerror=alert(1)>](https://example.com)'],
  ['task list with raw input', '- [x] <input type="text" onfocus=alert(1) autofocus>'],
  ['raw HTML in table cell', '| a |\n|---|\n| <img src=x onerror=alert(1)> |'],
  ['footnote with script and bad link', 'a[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))'],
  ['GFM autolink literal with quote', 'https://example.com/"onmouseover="alert(1)'],
  ['www autolink with tag', 'www.example.com/<script>alert(1)</script>'],
];

const FORBIDDEN_TAGS = /<(?:script|iframe|svg|style|form|object|embed|math|meta|base|link|body|details|textarea|button|select)\b/i;
const ALLOWED_TAGS = new Set([
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'img',
  'input',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'strong',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  // link and video cards (markdown rules v2): built by our plugin after sanitising
  'span',
  'figure',
  'figcaption',
]);
const TAG = /<([a-z][a-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

interface Tag {
  name: string;
  attributes: Map<string, string>;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', colon: ':', tab: '\t', newline: '\n' };

/** One pass, like a browser: "&#x26;#106;" is the text "&#106;", not "j". */
function decodeEntities(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (entity, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    return NAMED_ENTITIES[name?.toLowerCase() ?? ''] ?? entity;
  });
}

function parseTags(html: string): Tag[] {
  return [...html.matchAll(TAG)].map(([, name = '', rest = '']) => ({
    name: name.toLowerCase(),
    attributes: new Map(
      [...rest.matchAll(ATTRIBUTE)].map(([, key = '', dq, sq, bare]) => [key.toLowerCase(), decodeEntities(dq ?? sq ?? bare ?? '')]),
    ),
  }));
}

/** What a browser would see as the URL's scheme: controls and whitespace removed, lower case. */
function browserView(url: string): string {
  return url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
}

function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(FORBIDDEN_TAGS);
  for (const tag of parseTags(html)) {
    expect(ALLOWED_TAGS, `unexpected <${tag.name}> in ${html}`).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(name, `event handler in ${html}`).not.toMatch(/^on\w+/);
      expect(name).not.toBe('style');
      expect(name).not.toBe('srcdoc');
      if (['href', 'src', 'action', 'formaction', 'data', 'cite'].includes(name)) {
        expect(browserView(value), `${name}=${value}`).not.toMatch(/(?:javascript|vbscript|data):/);
      }
    }
    const src = tag.attributes.get('src');
    if (src !== undefined) expect(src).toMatch(/^(?:https?:\/\/|\/(?![/\\]))/);
    if (tag.name === 'input') {
      expect(tag.attributes.get('type')).toBe('checkbox');
      expect(tag.attributes.has('disabled')).toBe(true);
    }
  }
}

describe('XSS payloads', () => {
  describe.each([
    ['notes', renderNoteMarkdown],
    ['comments', renderCommentMarkdown],
  ])('in %s', (_, render) => {
    it.each(XSS_PAYLOADS)('neutralises %s', (_name, markdown) => {
      expectSafe(render(markdown));
    });
  });

  it('has a table of at least 40 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(40);
  });

  it('shows raw HTML as the text the author typed', () => {
    expect(renderNoteMarkdown('<b>x</b> <script>alert(1)</script>')).toBe('<p>&#x3C;b>x&#x3C;/b> &#x3C;script>alert(1)&#x3C;/script></p>');
  });

  it('keeps the text of a link whose URL was refused, without an anchor', () => {
    expect(renderNoteMarkdown('[คลิก](javascript:alert(1))')).toBe('<p>คลิก</p>');
  });
});

describe('renderNoteMarkdown', () => {
  it('keeps Thai text exactly, including combining marks', () => {
    const thai = 'น้ำใจ ผู้ใหญ่ ฟ้าผ่า กิ่งไม้ ปั๊ม ๑๒๓';
    expect(renderNoteMarkdown(thai)).toBe(`<p>${thai}</p>`);
  });

  it('renders GFM tables, strikethrough, autolinks and disabled task-list checkboxes', () => {
    const html = renderNoteMarkdown('| หัว | ค่า |\n|:--|--:|\n| ก | 1 |\n\n~~เก่า~~ https://example.com\n\n- [x] เสร็จ\n- [ ] ยัง');
    expect(html).toContain('<table>');
    expect(html).toContain('<th align="left">หัว</th>');
    expect(html).toContain('<td align="right">1</td>');
    expect(html).toContain('<del>เก่า</del>');
    expect(html).toContain('<a href="https://example.com" rel="nofollow ugc noopener" target="_blank">');
    expect(html).toContain('<input type="checkbox" checked disabled> เสร็จ');
    expect(html).toContain('<input type="checkbox" disabled> ยัง');
  });

  it.each([
    ['https://example.com/a', '<a href="https://example.com/a" rel="nofollow ugc noopener" target="_blank">x</a>'],
    ['/notes/12', '<a href="/notes/12" rel="nofollow ugc noopener">x</a>'],
    ['#x', '<a href="#x" rel="nofollow ugc noopener">x</a>'],
    ['mailto:a@example.com', '<a href="mailto:a@example.com" rel="nofollow ugc noopener">x</a>'],
  ])('links to %s with rel and, when external, target', (url, anchor) => {
    expect(renderNoteMarkdown(`[x](${url})`)).toBe(`<p>${anchor}</p>`);
  });

  it('refuses protocol-relative links', () => {
    expect(renderNoteMarkdown('[x](//evil.example)')).toBe('<p>x</p>');
  });

  it('shifts headings down one level, stopping at h6', () => {
    expect(renderNoteMarkdown('# หนึ่ง\n\n## สอง\n\n###### หก')).toBe('<h2>หนึ่ง</h2>\n<h3>สอง</h3>\n<h6>หก</h6>');
  });

  it('starts headings at topHeading for text under a heading of its own, stopping at h6', () => {
    expect(renderNoteMarkdown('# หนึ่ง\n\n## สอง\n\n### สาม', { topHeading: 4 })).toBe('<h4>หนึ่ง</h4>\n<h5>สอง</h5>\n<h6>สาม</h6>');
    expect(renderNoteMarkdown('# หนึ่ง', { topHeading: 3 })).toBe('<h3>หนึ่ง</h3>');
    expect(renderNoteMarkdown('# หนึ่ง')).toBe('<h2>หนึ่ง</h2>'); // a note page is unchanged
  });

  it('lazy-loads every image but the first and keeps only http(s) or root-relative sources', () => {
    expect(renderNoteMarkdown('![ภาพ](/uploads/a.png)')).toBe('<p><img src="/uploads/a.png" alt="ภาพ" decoding="async"></p>');
    expect(renderNoteMarkdown('![ก](https://example.com/a.png)\n\n![ข](https://example.com/b.png)')).toBe(
      '<p><img src="https://example.com/a.png" alt="ก" decoding="async"></p>\n<p><img src="https://example.com/b.png" alt="ข" loading="lazy" decoding="async"></p>',
    );
    expect(renderNoteMarkdown('![ภาพ](//evil.example/a.png)')).toBe('<p>ภาพ</p>');
    expect(renderNoteMarkdown('![ภาพ](relative.png)')).toBe('<p>ภาพ</p>');
  });

  it('links footnotes to their prefixed ids', () => {
    const html = renderNoteMarkdown('ข้อความ[^1]\n\n[^1]: ที่มา');
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
    expect(html).toContain('href="#user-content-fnref-1"');
    expect(html).toContain('id="user-content-fnref-1"');
  });
});

describe('renderCommentMarkdown', () => {
  it('turns an image into a link to it', () => {
    expect(renderCommentMarkdown('![แมว](https://example.com/cat.png)')).toBe(
      '<p><a href="https://example.com/cat.png" rel="nofollow ugc noopener" target="_blank">แมว</a></p>',
    );
  });

  it('shows only the alt text of an image with an unsafe source', () => {
    expect(renderCommentMarkdown('![แมว](javascript:alert(1))')).toBe('<p>แมว</p>');
  });

  it('turns headings into bold paragraphs', () => {
    expect(renderCommentMarkdown('# ดังมาก\n\nปกติ')).toBe('<p><strong>ดังมาก</strong></p>\n<p>ปกติ</p>');
  });
});

describe('markdownToPlainText', () => {
  const segmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });
  const graphemeCount = (s: string) => [...segmenter.segment(s)].length;

  it('drops markup and collapses whitespace', () => {
    const markdown = '# หัวข้อ\n\nมี **ตัวหนา** และ [ลิงก์](https://example.com)   `code`\n\n- หนึ่ง\n- สอง\n\n![ภาพ](/a.png) <b>x</b>';
    expect(markdownToPlainText(markdown)).toBe('หัวข้อ มี ตัวหนา และ ลิงก์ code หนึ่ง สอง ภาพ x');
  });

  it('returns short text unchanged', () => {
    expect(markdownToPlainText('สั้น ๆ', 10)).toBe('สั้น ๆ');
  });

  it('cuts at a Thai word boundary and adds an ellipsis', () => {
    expect(markdownToPlainText('สวัสดีครับ ผมชื่อสมชาย ยินดีที่ได้รู้จัก', 12)).toBe('สวัสดีครับ ผม…');
  });

  it('never splits a grapheme and never exceeds maxChars', () => {
    const text = 'น้ำใจผู้ใหญ่ที่ปั๊มน้ำมันกิ่งไม้ฟ้าผ่า'.repeat(3);
    for (let maxChars = 1; maxChars <= graphemeCount(text) + 1; maxChars++) {
      const excerpt = markdownToPlainText(text, maxChars);
      const body = excerpt.endsWith('…') ? excerpt.slice(0, -1) : excerpt;
      expect(text.startsWith(body)).toBe(true);
      expect(text.slice(body.length)).not.toMatch(/^\p{M}/u);
      expect(graphemeCount(excerpt)).toBeLessThanOrEqual(maxChars);
    }
  });
});

describe('uploaded images and documents', () => {
  const id = 'f'.repeat(32);
  it('renders an uploaded photo as a picture with WebP variants, srcset, sizes and its size', () => {
    const html = renderNoteMarkdown(`![นาข้าว](/uploads/${id}-1600x1200.jpg)\n\n![ทุ่ง](/uploads/${id}-700x500.jpg)`);
    const [first, second] = html.split('\n');
    expect(first).toContain(
      `srcset="/uploads/${id}-1600x1200-480.webp 480w, /uploads/${id}-1600x1200-960.webp 960w, /uploads/${id}-1600x1200-1600.webp 1600w"`,
    );
    expect(first).toMatch(/<img src="[^"]+-1600x1200\.jpg" alt="นาข้าว" decoding="async" width="1600" height="1200" sizes="[^"]+"/);
    expect(first).not.toContain('loading=');
    // A narrower photo has a variant at its own width instead of the wider ones.
    expect(second).toContain(`srcset="/uploads/${id}-700x500-480.webp 480w, /uploads/${id}-700x500-700.webp 700w"`);
    expect(second).toContain('loading="lazy"');
  });

  it('loads even the first photo lazily when text fills the first screen of a phone above it (issue 24)', () => {
    const photo = `![แผนที่](/uploads/${id}-1600x1200.jpg)`;
    const paragraphs = Array.from({ length: 6 }, (_, i) => `ย่อหน้าที่ ${i + 1} เล่าเรื่องการประชุมประชาคมหมู่บ้าน`).join('\n\n');
    expect(renderNoteMarkdown(`${paragraphs}\n\n${photo}`)).toContain('loading="lazy"');
    expect(renderNoteMarkdown(`${'ข้อความยาว'.repeat(40)}\n\n${photo}`)).toContain('loading="lazy"');
    // One short line above it: still on the first screen, fetched at once.
    expect(renderNoteMarkdown(`วันนี้ลงพื้นที่\n\n${photo}`)).not.toContain('loading=');
  });

  it('turns a document link that stands alone into a card, and leaves inline links alone', () => {
    const html = renderNoteMarkdown(`[กำหนดการ.pdf](/uploads/${id}-1258291.pdf)\n\nดู [ตาราง](/uploads/${id}-2048.csv) ได้`);
    expect(html).toContain('class="file-card" data-type="pdf" download');
    expect(html).toContain('<span class="file-card-name">กำหนดการ.pdf</span><span class="file-card-meta">PDF · 1.2 MB</span>');
    expect(html).toContain(`ดู <a href="/uploads/${id}-2048.csv" rel="nofollow ugc noopener">ตาราง</a> ได้`);
  });

  it('does not trust look-alike names: only exact upload URLs get variants', () => {
    expect(renderNoteMarkdown(`![x](/uploads/${id}-1600x1200.jpg?x=1)`)).not.toContain('<picture>');
    expect(renderNoteMarkdown('![x](/uploads/abc-1600x1200.jpg)')).not.toContain('<picture>');
  });
});
