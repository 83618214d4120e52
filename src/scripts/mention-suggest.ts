/**
 * `@` suggestions in the comment box, reply boxes and the editor: after typing `@` and a few
 * letters of a username or a Thai display name, a list of members appears (GET /api/users/suggest,
 * signed in, rate-limited); choosing one writes `@username`, which the site links to the profile
 * and notifies. Keyboard: ↑/↓ to move, Enter or Tab to choose, Esc to close.
 */
const SUGGEST_DELAY_MS = 200;
/** The `@word` being typed just before the caret (Thai letters and marks included). */
const TYPED_MENTION = /(?:^|[^\p{L}\p{M}\p{N}_.@/-])@([\p{L}\p{M}\p{N}_.-]{1,30})$/u;

interface Suggestion {
  username: string;
  displayName: string;
}

let listCount = 0;

function attach(textarea: HTMLTextAreaElement): void {
  const list = document.createElement('ul');
  list.id = `mention-list-${++listCount}`;
  list.className = 'mention-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'สมาชิกที่ต้องการกล่าวถึง');
  list.hidden = true;
  textarea.insertAdjacentElement('afterend', list);
  textarea.setAttribute('aria-autocomplete', 'list');
  textarea.setAttribute('aria-controls', list.id);

  let items: Suggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    items = [];
    active = -1;
    textarea.removeAttribute('aria-activedescendant');
    textarea.setAttribute('aria-expanded', 'false');
  };
  const typed = () => TYPED_MENTION.exec(textarea.value.slice(0, textarea.selectionStart ?? 0));
  const highlight = (index: number) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) textarea.setAttribute('aria-activedescendant', `${list.id}-${index}`);
  };
  const choose = (index: number) => {
    const match = typed();
    const chosen = items[index];
    if (!match || !chosen) return close();
    const end = textarea.selectionStart ?? textarea.value.length;
    const start = end - match[1]!.length - 1;
    textarea.setRangeText(`@${chosen.username} `, start, end, 'end');
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    close();
    textarea.focus();
  };
  const show = (found: Suggestion[]) => {
    items = found;
    list.replaceChildren(...found.map((s, i) => {
      const li = document.createElement('li');
      li.id = `${list.id}-${i}`;
      li.setAttribute('role', 'option');
      li.textContent = `${s.displayName} (@${s.username})`;
      li.addEventListener('mousedown', (event) => {
        event.preventDefault(); // keep the caret in the textarea
        choose(i);
      });
      return li;
    }));
    list.hidden = found.length === 0;
    textarea.setAttribute('aria-expanded', String(found.length > 0));
    highlight(found.length ? 0 : -1);
  };

  textarea.addEventListener('input', () => {
    window.clearTimeout(timer);
    const match = typed();
    if (!match) return close();
    timer = window.setTimeout(async () => {
      const ticket = ++asked;
      try {
        const res = await fetch(`/api/users/suggest?q=${encodeURIComponent(match[1]!)}`, { credentials: 'same-origin' });
        if (!res.ok || ticket !== asked) return;
        show(((await res.json()) as { users: Suggestion[] }).users);
      } catch {
        close(); // offline: typing continues, the mention still works by username
      }
    }, SUGGEST_DELAY_MS);
  });
  textarea.addEventListener('keydown', (event) => {
    if (list.hidden || items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      highlight((active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      close();
    }
  });
  textarea.addEventListener('blur', () => window.setTimeout(close, 150));
}

for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-mention-suggest]')) attach(textarea);

// A module (not a global script), so the note page can import() it only where a comment box is.
export {};
