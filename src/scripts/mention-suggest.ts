/**
 * `@` suggestions in the comment box, reply boxes and the note editor's Markdown source: after
 * typing `@` and a few letters of a username or a Thai display name, a list of members appears;
 * choosing one writes `@username`, which the site links to the profile and notifies. The list,
 * its fetching and its keys are shared with the rich editor (mention-list.ts, rich-mentions.ts).
 */
import { createMentionList } from './mention-list.ts';

function attach(textarea: HTMLTextAreaElement): void {
  const mentions = createMentionList(
    textarea,
    (list) => {
      if (list.previousElementSibling !== textarea) textarea.insertAdjacentElement('afterend', list);
    },
    (username, typedLength) => {
      const end = textarea.selectionStart ?? textarea.value.length;
      textarea.setRangeText(`@${username} `, end - typedLength, end, 'end');
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      textarea.focus();
    },
  );
  textarea.addEventListener('input', () => {
    // NOTE: the rich editor writes its Markdown into the hidden #body and fires `input` there too;
    // only the person's own typing (the field has the focus) suggests.
    if (document.activeElement === textarea) mentions.typed(textarea.value.slice(0, textarea.selectionStart ?? 0));
  });
  textarea.addEventListener('keydown', (event) => mentions.keydown(event));
  textarea.addEventListener('blur', () => mentions.blurred());
}

for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-mention-suggest]')) attach(textarea);

// A module (not a global script), so the note page can import() it only where a comment box is.
export {};
