/**
 * The tag box as chips: `#tag`, commas, spaces, Enter and a pasted "#a #b #c" all make chips;
 * Backspace in an empty box takes the last one back; suggestions come from existing public tags
 * (GET /api/tags/suggest) in a <datalist>. The form still posts one "tags" field (chips joined by
 * ", "), so the server reads it exactly as before; without JavaScript the plain text box works.
 */
import { splitTags, tagKey, uniqueTags } from '../lib/tag-key.ts';

const SUGGEST_DELAY_MS = 200;

export interface TagInput {
  /** Replaces the chips (a restored local copy). */
  setValue(value: string): void;
  /** The hidden field the form posts; it fires `input` on every change. */
  field: HTMLInputElement;
}

export function mountTagInput(input: HTMLInputElement): TagInput {
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = input.name;
  input.removeAttribute('name');
  input.after(field);

  const box = document.createElement('div');
  box.className = 'tag-chips';
  const chipList = document.createElement('ul');
  chipList.className = 'tag-chip-list';
  chipList.setAttribute('aria-label', 'ป้ายคำที่เลือก');
  input.before(box);
  box.append(chipList, input);
  input.placeholder = 'พิมพ์ป้ายคำ แล้วกด Enter หรือเว้นวรรค เช่น #แผนชุมชน';
  input.autocomplete = 'off';
  input.enterKeyHint = 'enter';
  const datalist = document.createElement('datalist');
  datalist.id = `${input.id}-suggestions`;
  input.setAttribute('list', datalist.id);
  box.append(datalist);

  let chips: string[] = [];

  function render(): void {
    chipList.replaceChildren(
      ...chips.map((name, i) => {
        const item = document.createElement('li');
        item.className = 'tag-chip';
        item.append(`#${name}`);
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '×';
        remove.setAttribute('aria-label', `เอาป้ายคำ ${name} ออก`);
        remove.addEventListener('click', () => {
          chips.splice(i, 1);
          changed();
          input.focus();
        });
        item.append(remove);
        return item;
      }),
    );
  }

  function changed(): void {
    render();
    const pending = splitTags(input.value);
    field.value = uniqueTags([...chips, ...pending]).join(', ');
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /** Moves finished tags from the box into chips; `all` also takes the last, unfinished one. */
  function commit(all: boolean): void {
    const text = input.value;
    const endsWithSeparator = /[\s,،、，]$/u.test(text);
    const parts = splitTags(text);
    const rest = all || endsWithSeparator ? '' : (parts.pop() ?? '');
    // A spelling of a tag already chosen ("aar" after "AAR") is the same tag: dropped quietly.
    chips = uniqueTags([...chips, ...parts]);
    input.value = rest;
    changed();
  }

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && input.value.trim()) {
      event.preventDefault(); // a chip, not a form submit
      commit(true);
    } else if (event.key === 'Backspace' && input.value === '' && chips.length > 0) {
      event.preventDefault();
      input.value = chips.pop()!;
      changed();
    }
  });
  input.addEventListener('input', (event) => {
    if ((event as InputEvent).inputType === 'insertFromPaste')
      commit(true); // "#a #b #c" pasted: all chips
    else if (/[\s,،、，#＃]/u.test(input.value.trim()) || /[\s,]$/u.test(input.value)) commit(false);
    else changed();
    scheduleSuggestions();
  });
  // NOTE: no chip-making on blur: re-rendering the chips then moves the page under a pointer that
  // is on its way to the submit button (the click would miss). Unfinished text is posted anyway.
  input.form?.addEventListener('submit', () => commit(true));

  let suggestTimer: ReturnType<typeof setTimeout> | undefined;
  let lastQuery = '';
  function scheduleSuggestions(): void {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      const query = tagKey(input.value);
      if (!query || query === lastQuery) return;
      lastQuery = query;
      try {
        const response = await fetch(`/api/tags/suggest?q=${encodeURIComponent(query)}`);
        const { tags } = (await response.json()) as { tags: { name: string; notes: number }[] };
        const have = new Set(chips.map(tagKey));
        datalist.replaceChildren(...tags.filter((t) => !have.has(tagKey(t.name))).map((t) => new Option(`${t.name} (${t.notes})`, t.name)));
      } catch {
        // offline: no suggestions, typing still works
      }
    }, SUGGEST_DELAY_MS);
  }

  const api: TagInput = {
    field,
    setValue(value) {
      chips = uniqueTags(splitTags(value.replace(/\n/g, ',')));
      input.value = '';
      changed();
    },
  };
  chips = uniqueTags(splitTags(input.value));
  input.value = '';
  render();
  field.value = chips.join(', ');
  return api;
}
