/**
 * `@` suggestions in the rich editor (the note editor's default view and the AAR answers): a
 * ProseMirror plugin around the shared list (mention-list.ts). It reads the text before the caret
 * in the current block, shows the list at the caret, and writes the chosen `@username ` as plain
 * text over the typed `@word`. Put it first among the plugins: while the list is open, Enter and
 * Tab choose a member instead of splitting the paragraph or moving to the next table cell.
 */
import { Plugin, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { createMentionList, TYPED_MENTION, type MentionList } from './mention-list.ts';

/** Object replacement character: stands for images and breaks, so no `@word` runs across them. */
const LEAF_TEXT = '\ufffc';

/** The current block's text before the caret, or '' when text is selected. */
function textBeforeCaret(state: EditorState): string {
  const { empty, $from } = state.selection;
  if (!empty || !$from.parent.isTextblock) return '';
  return $from.parent.textBetween(0, $from.parentOffset, undefined, LEAF_TEXT);
}

/** The `@` suggestion plugin for one editor. */
export function mentionSuggestions(): Plugin {
  let mentions: MentionList | undefined;
  return new Plugin({
    view(view) {
      const placeAtCaret = (list: HTMLUListElement) => {
        const caret = view.coordsAtPos(view.state.selection.from);
        list.classList.add('mention-list-floating');
        list.style.left = `${caret.left + window.scrollX}px`;
        list.style.top = `${caret.bottom + window.scrollY}px`;
        if (!list.isConnected) document.body.append(list);
      };
      const choose = (username: string, typedLength: number) => {
        const end = view.state.selection.from;
        view.dispatch(view.state.tr.insertText(`@${username} `, end - typedLength, end).scrollIntoView());
        view.focus();
      };
      mentions = createMentionList(view.dom as HTMLElement, placeAtCaret, choose);
      return {
        update(updated: EditorView, previous: EditorState) {
          const state = updated.state;
          if (state.doc.eq(previous.doc) && state.selection.eq(previous.selection)) return;
          // Suggest on typing; moving the caret only closes the list when it leaves the `@word`.
          const before = textBeforeCaret(state);
          if (!state.doc.eq(previous.doc)) mentions?.typed(before);
          else if (!TYPED_MENTION.test(before)) mentions?.close();
        },
        destroy() {
          mentions?.destroy();
        },
      };
    },
    props: {
      handleKeyDown: (_view, event) => mentions?.keydown(event) ?? false,
      handleDOMEvents: {
        blur: () => {
          mentions?.blurred();
          return false;
        },
      },
    },
  });
}
