import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../helpers/database.ts';
import { escapeHtml, html, trustedHtml } from '~/lib/html.ts';
import { commentFormHtml } from '~/lib/server/note-page/comments.ts';
import { canUseSharedPage, isAarNote } from '~/lib/server/note-page/load.ts';
import { commentsHtml, commentsPieces } from '~/lib/server/note-page/personal.ts';
import { accountNavHtml } from '~/lib/server/web/account-nav.ts';
import { commentFragments } from '~/lib/server/caches.ts';
import type { CommentView } from '~/lib/server/comment.ts';
import { inSlot, PERSONAL_SLOTS, slotEnd, slotStart, splitAtSlots } from '~/lib/server/note-page/slots.ts';
import type { SessionUser } from '~/lib/server/user.ts';

const member: SessionUser = { id: 7, username: 'somchai', displayName: 'สมชาย <b>', role: 'member', suspended: false };
const note = { status: 'published' as const, hidden: false, author: { id: 1 } };

describe('the html template', () => {
  it('escapes every interpolated value unless it is already safe', () => {
    const hostile = `"><script>alert('x')</script>&`;
    expect(html`<a title="${hostile}">${hostile}</a>`.value).toBe(`<a title="${escapeHtml(hostile)}">${escapeHtml(hostile)}</a>`);
    expect(html`<p>${trustedHtml('<em>ok</em>')}</p>`.value).toBe('<p><em>ok</em></p>');
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  it('renders nothing for false, null and undefined, and joins arrays', () => {
    expect(html`[${false}${null}${undefined}${[1, '<', html`<br>`]}]`.value).toBe('[1&lt;<br>]');
  });
});

describe('personal parts', () => {
  it('escapes what a member controls (display name) in the account links', () => {
    expect(accountNavHtml(member, 2, '/').value).toContain('>สมชาย &lt;b&gt;</a>');
  });

  it('gives replies and top-level comments the same form, honeypot included', () => {
    const top = commentFormHtml({ noteId: 3, value: '</textarea><script>' }).value;
    const reply = commentFormHtml({ noteId: 3, parentId: 9 }).value;
    for (const form of [top, reply]) {
      expect(form).toContain('class="honeypot"');
      expect(form).toMatch(/maxlength="20480"/); // the byte limit: never stricter than the server
    }
    expect(top).toContain('&lt;/textarea&gt;&lt;script&gt;');
    expect(reply).toContain('name="parentId" value="9"');
  });
});

describe('who gets the shared page', () => {
  it('is anyone reading a published, visible note without a query, except its author and moderators', () => {
    expect(canUseSharedPage(null, note, '')).toBe(true);
    expect(canUseSharedPage(member, note, '')).toBe(true);
    expect(canUseSharedPage(member, note, '?saved=1')).toBe(false);
    expect(canUseSharedPage({ ...member, id: 1 }, note, '')).toBe(false);
    expect(canUseSharedPage({ ...member, role: 'moderator' }, note, '')).toBe(false);
    expect(canUseSharedPage({ ...member, suspended: true }, note, '')).toBe(false);
    expect(canUseSharedPage(null, { ...note, hidden: true }, '')).toBe(false);
    expect(canUseSharedPage(null, { ...note, status: 'draft' }, '')).toBe(false);
  });

  it('has one AAR test', () => {
    expect(isAarNote({ kind: 'aar' })).toBe(true);
    expect(isAarNote({ kind: 'note' })).toBe(false);
  });
});

describe('splitting a page at its slots', () => {
  const page = (body: string) =>
    `<header>${inSlot('nav', 'NAV', true)}</header><article>${body}<p>${inSlot('reader-actions', 'READ', true)}</p>${inSlot('note-actions', 'ACT', true)}</article>${inSlot('comments', 'COMMENTS', true)}<footer>`;

  it('cuts around each slot, in order', () => {
    expect(splitAtSlots(page('body'))).toEqual(['<header>', '</header><article>body<p>', '</p>', '</article>', '<footer>']);
  });

  it.each(
    PERSONAL_SLOTS.flatMap((slot) => [
      [slot, slotStart(slot)],
      [slot, slotEnd(slot)],
    ]),
  )('refuses a page whose body repeats the %s marker %s', (_slot, marker) => {
    expect(splitAtSlots(page(`hostile ${marker} text`))).toBeNull();
  });

  it('refuses markers out of order or missing', () => {
    expect(splitAtSlots(`${inSlot('comments', 'C', true)}${inSlot('nav', 'N', true)}${inSlot('note-actions', 'A', true)}`)).toBeNull();
    expect(splitAtSlots(`${inSlot('nav', 'N', true)}${inSlot('comments', 'C', true)}`)).toBeNull();
    expect(splitAtSlots(`${slotStart('nav')}N${inSlot('note-actions', 'A', true)}${inSlot('comments', 'C', true)}`)).toBeNull();
  });

  it('cannot be fooled by an escaped marker, which a body may contain', () => {
    const escaped = escapeHtml(slotStart('comments'));
    expect(splitAtSlots(page(escaped))).toEqual(['<header>', `</header><article>${escaped}<p>`, '</p>', '</article>', '<footer>']);
  });
});

describe('cached comment fragments', () => {
  // The comment form asks whether the member watches the note.
  let cleanup: () => void;
  beforeEach(() => (cleanup = useFreshDatabase()));
  afterEach(() => cleanup());
  const at = new Date('2026-02-26T07:08:00Z');
  const comment = (over: Partial<CommentView> = {}): CommentView => ({
    id: 41,
    parentId: null,
    author: { id: 9, username: 'wanna', displayName: 'วรรณา', avatarUploadId: null },
    bodyHtml: '<p>เห็นด้วยค่ะ</p>',
    bodyMarkdown: 'เห็นด้วยค่ะ',
    createdAt: at,
    updatedAt: at,
    deleted: false,
    hidden: false,
    hiddenByModerator: false,
    pending: false,
    undoable: false,
    replies: [],
    ...over,
  });
  const noAppreciation = { counts: new Map<number, number>(), given: new Set<number>() };
  const render = (threads: CommentView[], user: SessionUser | null, appreciation = noAppreciation) =>
    commentsHtml(threads, { user, note: { id: 3, ...note }, isAar: false, appreciation }).value;
  const fresh = (threads: CommentView[], user: SessionUser | null, appreciation = noAppreciation) => {
    commentFragments.clear();
    return render(threads, user, appreciation);
  };

  it('give the same page as a fresh render, for every viewer, whatever was cached before', () => {
    const reply = comment({ id: 42, parentId: 41, author: { id: 7, username: 'somchai', displayName: 'สมชาย', avatarUploadId: null } });
    const threads = [comment({ replies: [reply] })];
    const viewers: (SessionUser | null)[] = [null, member, { ...member, id: 9 }, { ...member, id: 50, role: 'moderator' }];
    const expected = viewers.map((viewer) => fresh(threads, viewer));
    // Rendered again in another order with everything cached: the same bytes for each viewer.
    for (const i of [3, 1, 0, 2, 1]) expect(render(threads, viewers[i]!)).toBe(expected[i]);
    expect(new Set(expected).size).toBe(viewers.length); // each viewer's buttons differ
    // The bytes the fast path sends are the same HTML.
    const pieces = commentsPieces(threads, { user: member, note: { id: 3, ...note }, isAar: false, appreciation: noAppreciation });
    expect(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p.bytes))).toString()).toBe(expected[1]);
  });

  it('follow every input: a body re-rendered with the same updated_at, a renamed author, a new avatar, a count', () => {
    const base = comment();
    const author = { ...member, id: 9 }; // sees the edit box, so the Markdown is an input too
    // The base comment is cached for the same viewer first: a changed input must not find it.
    const prime = () => {
      render([base], member);
      render([base], author);
    };
    prime();
    for (const changed of [
      comment({ bodyHtml: '<p>เห็นด้วยค่ะ <strong>มาก</strong></p>' }), // a Markdown rule change re-renders bodies only
      comment({ bodyMarkdown: 'เห็นด้วยค่ะ!' }), // only its author's edit box shows it
      comment({ author: { ...base.author, displayName: 'วรรณา ใจดี' } }),
      comment({ author: { ...base.author, avatarUploadId: 'a1b2c3d4e5f6a7b8' } }),
      comment({ hidden: true }),
      comment({ deleted: true, undoable: true }),
    ]) {
      for (const viewer of [member, author]) {
        const cached = render([changed], viewer);
        expect(cached).toBe(fresh([changed], viewer));
        prime();
      }
    }
    const counted = { counts: new Map([[41, 3]]), given: new Set([41]) };
    expect(render([base], member, counted)).toBe(fresh([base], member, counted));
    expect(render([base], member, counted)).toContain('aria-pressed="true"');
  });
});
