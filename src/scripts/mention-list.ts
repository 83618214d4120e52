/**
 * The `@` suggestion list shared by the plain textareas (mention-suggest.ts) and the rich editor
 * (rich-mentions.ts): asks GET /api/users/suggest (signed in, rate-limited) a moment after typing
 * stops, shows members as an ARIA listbox owned by the field (aria-controls and
 * aria-activedescendant; not aria-expanded, which a textbox may not carry), and handles ↑/↓ to
 * move, Enter or Tab to choose, Esc to close. The field's own code finds the typed `@word` and writes the chosen `@username`.
 */
const SUGGEST_DELAY_MS = 200;
/** Time for a click on the list to land before a blur closes it. */
const CLOSE_AFTER_BLUR_MS = 150;
/** The `@word` being typed just before the caret (Thai letters and marks included). */
export const TYPED_MENTION = /(?:^|[^\p{L}\p{M}\p{N}_.@/-])@([\p{L}\p{M}\p{N}_.-]{1,30})$/u;

interface Suggestion {
  username: string;
  displayName: string;
}

export interface MentionList {
  /** The text before the caret changed: suggest for its `@word`, or close when there is none. */
  typed(textBeforeCaret: string): void;
  /** A key pressed in the field; true when the list used it (the field must not act on it too). */
  keydown(event: KeyboardEvent): boolean;
  close(): void;
  /** The field lost the focus: close, after a click on the list has had its turn. */
  blurred(): void;
  destroy(): void;
}

let listCount = 0;

/**
 * A suggestion list for `field` (the element holding the caret). `place` puts the list in the page
 * when it opens; `choose` replaces the typed `@word` (its length given, `@` included) with `@username `.
 */
export function createMentionList(
  field: HTMLElement,
  place: (list: HTMLUListElement) => void,
  choose: (username: string, typedLength: number) => void,
): MentionList {
  const list = document.createElement('ul');
  list.id = `mention-list-${++listCount}`;
  list.className = 'mention-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'สมาชิกที่ต้องการกล่าวถึง');
  list.hidden = true;
  field.setAttribute('aria-autocomplete', 'list');
  // aria-controls only while the list is in the page: an id naming nothing is an invalid value.

  let items: Suggestion[] = [];
  let active = -1;
  let word = '';
  let timer: number | undefined;
  let asked = 0;

  const close = () => {
    window.clearTimeout(timer);
    asked++; // an answer still on its way is no longer wanted
    list.hidden = true;
    items = [];
    active = -1;
    field.removeAttribute('aria-activedescendant');
    field.removeAttribute('aria-controls');
  };
  const highlight = (index: number) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) field.setAttribute('aria-activedescendant', `${list.id}-${index}`);
    else field.removeAttribute('aria-activedescendant');
  };
  const pick = (index: number) => {
    const chosen = items[index];
    const length = word.length + 1;
    close();
    if (chosen) choose(chosen.username, length);
  };
  const show = (found: Suggestion[]) => {
    items = found;
    list.replaceChildren(
      ...found.map((s, i) => {
        const li = document.createElement('li');
        li.id = `${list.id}-${i}`;
        li.setAttribute('role', 'option');
        li.textContent = `${s.displayName} (@${s.username})`;
        li.addEventListener('mousedown', (event) => {
          event.preventDefault(); // keep the caret in the field
          pick(i);
        });
        return li;
      }),
    );
    if (found.length > 0) {
      place(list);
      field.setAttribute('aria-controls', list.id);
    }
    list.hidden = found.length === 0;
    highlight(found.length ? 0 : -1);
  };

  return {
    typed(textBeforeCaret) {
      const match = TYPED_MENTION.exec(textBeforeCaret);
      if (!match) return close();
      window.clearTimeout(timer);
      word = match[1]!;
      const query = word;
      timer = window.setTimeout(async () => {
        const ticket = ++asked;
        try {
          const res = await fetch(`/api/users/suggest?q=${encodeURIComponent(query)}`, { credentials: 'same-origin' });
          if (!res.ok || ticket !== asked) return;
          const { users } = (await res.json()) as { users: Suggestion[] };
          if (ticket === asked) show(users);
        } catch {
          close(); // offline: typing continues, the mention still works by username
        }
      }, SUGGEST_DELAY_MS);
    },
    keydown(event) {
      if (list.hidden || items.length === 0) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        highlight((active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        pick(active);
      } else if (event.key === 'Escape') {
        close();
      } else {
        return false;
      }
      event.preventDefault();
      return true;
    },
    close,
    blurred() {
      window.setTimeout(close, CLOSE_AFTER_BLUR_MS);
    },
    destroy() {
      close();
      list.remove();
    },
  };
}
