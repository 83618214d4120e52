import { describe, expect, it } from 'vitest';
import { renderCommentMarkdown, renderNoteMarkdown } from '../../src/lib/markdown';
import { linkCardTitle, unindentParagraphs, videoEmbedOf } from '../../src/lib/markdown-rules';

const POEM = 'ยามเช้าตรู่ตะวันฉายส่องทุ่งนา\nชาวบ้านมาร่วมเวทีที่ศาลา\nเล่าเรื่องราวชีวิตจริงทุกเวลา\nแลกเปลี่ยนค่าความรู้สู่ชุมชน';

describe('line breaks', () => {
  it('keeps every line of a 4-line Thai poem in a note and in a comment', () => {
    for (const html of [renderNoteMarkdown(POEM), renderCommentMarkdown(POEM)]) {
      expect(html.match(/<br>/g)).toHaveLength(3);
      expect(html.match(/<p>/g)).toHaveLength(1);
    }
  });

  it('keeps "label + URL" lines apart', () => {
    const html = renderNoteMarkdown('เอกสารประกอบ\nhttps://example.org/doc.pdf');
    expect(html).toMatch(/เอกสารประกอบ<br>\s*<a href="https:\/\/example.org\/doc.pdf"/);
  });

  it('keeps line breaks out of code blocks', () => {
    expect(renderNoteMarkdown('```\nบรรทัดหนึ่ง\nบรรทัดสอง\n```')).not.toContain('<br>');
  });
});

describe('indentation never makes code', () => {
  it('a paragraph indented with 4 spaces after a numbered list is its own paragraph', () => {
    const html = renderNoteMarkdown('1. ข้อแรก\n2. ข้อสอง\n\n    ย่อหน้าที่เขียนแบบย่อหน้า');
    expect(html).toMatch(/<\/ol>\s*<p>ย่อหน้าที่เขียนแบบย่อหน้า<\/p>/);
  });

  it.each([
    ['four spaces', '    เริ่มต้นด้วยการย่อหน้า'],
    ['a tab', '\tเริ่มต้นด้วยแท็บ'],
    ['ideographic space', '\u3000ย่อหน้าแบบเต็มความกว้าง'],
    ['eight spaces after text', 'ข้อความ\n\n        ย่อหน้าลึก'],
  ])('%s gives a paragraph, not <pre>', (_name, markdown) => {
    const html = renderNoteMarkdown(markdown);
    expect(html).not.toContain('<pre>');
    expect(html).toContain('<p>');
  });

  it('fences still make code, with their indentation kept', () => {
    expect(renderNoteMarkdown('```\n    ย่อหน้าในโค้ด\n```')).toContain('<pre><code>    ย่อหน้าในโค้ด');
  });

  it('nested list items keep their indentation', () => {
    expect(renderNoteMarkdown('- หลัก\n\n  - ย่อย')).toMatch(/<li>[\s\S]*<ul>[\s\S]*ย่อย/);
    expect(unindentParagraphs('- a\n\n  - b\n\n  1. c')).toBe('- a\n\n  - b\n\n  1. c');
  });
});

describe('link and video cards', () => {
  it('a bare URL alone on its line becomes a link card titled from the URL', () => {
    const html = renderNoteMarkdown('อ่านต่อ\n\nhttps://www.gotoknow.org/posts/การจัดการ-ความรู้');
    expect(html).toContain('<p class="link-card"><a href="https://www.gotoknow.org/posts/');
    expect(html).toContain('<span class="link-card-title">การจัดการ ความรู้</span><span class="link-card-host">gotoknow.org</span>');
  });

  it('a URL inside a sentence, a labelled link or a comment stays a plain link', () => {
    expect(renderNoteMarkdown('ดู https://example.org ครับ')).not.toContain('link-card');
    expect(renderNoteMarkdown('[เว็บไซต์](https://example.org)')).not.toContain('link-card');
    expect(renderCommentMarkdown('https://example.org')).not.toContain('link-card');
  });

  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['https://youtu.be/dQw4w9WgXcQ?t=30', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    [
      'https://www.facebook.com/somchai/videos/1234567890/',
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fsomchai%2Fvideos%2F1234567890%2F&#x26;show_text=false&#x26;autoplay=1',
    ],
  ])('%s becomes a click-to-play card with no third-party request in the HTML', (url, embed) => {
    const html = renderNoteMarkdown(url);
    expect(html).toContain('<figure class="video-card"');
    expect(html).toContain(`data-video-src="${embed}"`);
    expect(html).not.toMatch(/<iframe|<img|ytimg|\ssrc=/); // nothing loads until the click
  });

  it('a video id that is not one gives a link card, and author HTML cannot forge a card', () => {
    expect(renderNoteMarkdown('https://www.youtube.com/watch?v=short')).toContain('link-card');
    expect(videoEmbedOf('https://www.facebook.com/somchai')).toBeNull();
    expect(videoEmbedOf('javascript:alert(1)//youtu.be/dQw4w9WgXcQ')).toBeNull();
    const forged = renderNoteMarkdown('<a class="video-card-play" data-video-src="https://evil.example/">x</a>');
    expect(forged).not.toContain('<a');
  });

  it('titles come from the last path segment, else the host', () => {
    expect(linkCardTitle('https://example.org/')).toEqual({ title: 'example.org', host: 'example.org' });
    expect(linkCardTitle('https://www.example.org/news/annual_report-2568.html')).toEqual({
      title: 'annual report 2568',
      host: 'example.org',
    });
  });
});
