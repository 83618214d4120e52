/**
 * The WYSIWYG note editor (ProseMirror). It edits a document and writes the Markdown we store into
 * the form's own textarea after every change, so the form, autosave, the local copy and the server
 * see exactly what they saw before. The "Markdown" switch shows that textarea for people who want
 * the source; switching back reads it again.
 */
import { baseKeymap, chainCommands, exitCode, lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { Fragment, Slice, type MarkType, type NodeType, type Node as PmNode } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { goToNextCell, tableEditing } from 'prosemirror-tables';
import { EditorView } from 'prosemirror-view';
import { docToMarkdown, editorSchema as schema, MARKS, markdownToDoc, NODES, SAFE_IMAGE_SRC } from '../lib/editor/markdown-doc.ts';
import { cleanPastedHtml } from './paste-cleaner.ts';
import { videoEmbedOf } from '../lib/markdown-rules.ts';
import { mentionSuggestions } from './rich-mentions.ts';
import { imageNodeView } from './editor-image-view.ts';

export interface RichEditor {
  /** Replaces the whole document (a restored local copy). */
  setMarkdown(markdown: string): void;
  /** Inserts Markdown at the cursor (the uploader's `insert(markdown)` hook). */
  insertMarkdown(markdown: string): void;
  focus(): void;
  /** Files pasted or dropped: images go to this hook when an uploader is wired in. */
  onImageFiles?: ((files: File[]) => void) | undefined;
}

const NOTICE_MS = 8_000;
/** Past this size, writing the Markdown on every keystroke costs several ms: wait for a pause. */
const LARGE_DOC_CHARS = 20_000;
const LARGE_DOC_SYNC_DELAY_MS = 300;
const IMAGES_NOT_CARRIED = 'รูปในข้อความที่วางมาไม่ได้ติดมาด้วย ข้อความอื่นอยู่ครบ กรุณาเพิ่มรูปด้วยปุ่ม "แนบรูปหรือไฟล์"';
const IMAGES_DROPPED = 'ยังวางรูปภาพลงในบันทึกโดยตรงไม่ได้ รูปที่วางถูกตัดออก ข้อความอื่นยังอยู่ครบ (ใส่รูปด้วยปุ่ม "รูป" และที่อยู่รูปจากเว็บแทนได้)';

function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  return empty ? !!type.isInSet(state.storedMarks ?? $from.marks()) : state.doc.rangeHasMark(from, to, type);
}

function blockIs(state: EditorState, type: NodeType, attrs?: Record<string, unknown>): boolean {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type === type && (!attrs || Object.entries(attrs).every(([k, v]) => node.attrs[k] === v))) return true;
  }
  return false;
}

/** หัวข้อ cycles: paragraph → heading (#) → sub-heading (##) → paragraph. */
const cycleHeading: Command = (state, dispatch) => {
  if (blockIs(state, NODES.heading, { level: 1 })) return setBlockType(NODES.heading, { level: 2 })(state, dispatch);
  if (blockIs(state, NODES.heading)) return setBlockType(NODES.paragraph)(state, dispatch);
  return setBlockType(NODES.heading, { level: 1 })(state, dispatch);
};

const toggleList =
  (type: NodeType): Command =>
  (state, dispatch) => {
    if (blockIs(state, type)) return liftListItem(NODES.list_item)(state, dispatch);
    return wrapInList(type)(state, dispatch);
  };

const toggleQuote: Command = (state, dispatch) =>
  blockIs(state, NODES.blockquote) ? lift(state, dispatch) : wrapIn(NODES.blockquote)(state, dispatch);

const insertHardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(NODES.hard_break.create()).scrollIntoView());
  return true;
});

/**
 * Enter in กลอน/คำประพันธ์ mode: each line of a stanza is a line break in one paragraph, as
 * Shift+Enter does; Enter on an empty line (just after a break) ends the stanza with a new
 * paragraph and leaves the mode, the way Enter twice leaves a list.
 */
function poemEnter(leave: () => void): Command {
  return (state, dispatch) => {
    const { $from, empty } = state.selection;
    if (!empty || $from.parent.type !== NODES.paragraph) return false;
    const before = $from.nodeBefore;
    if (before?.type === NODES.hard_break && $from.parentOffset === $from.parent.content.size) {
      if (!dispatch) return true;
      leave(); // before the dispatch, which redraws the toolbar
      const tr = state.tr.delete($from.pos - before.nodeSize, $from.pos);
      dispatch(tr.split(tr.mapping.map($from.pos)).scrollIntoView());
      return true;
    }
    return insertHardBreak(state, dispatch);
  };
}

function insertTable(state: EditorState, dispatch?: (tr: Transaction) => void): boolean {
  const cell = (type: NodeType, label: string) => type.create(null, label ? schema.text(label) : null);
  const row = (type: NodeType, labels: string[]) =>
    NODES.table_row.create(
      null,
      labels.map((l) => cell(type, l)),
    );
  const table = NODES.table.create(null, [row(NODES.table_header, ['หัวข้อ 1', 'หัวข้อ 2']), row(NODES.table_cell, ['', ''])]);
  if (!dispatch) return true;
  const tr = state.tr.replaceSelectionWith(table);
  // The cursor goes to the first empty cell, where the writer types next.
  let tablePos = -1;
  tr.doc.nodesBetween(Math.max(0, state.selection.from - 2), tr.doc.content.size, (node, pos) => {
    if (tablePos < 0 && node.type === NODES.table) tablePos = pos;
    return tablePos < 0;
  });
  if (tablePos >= 0) tr.setSelection(TextSelection.create(tr.doc, tablePos + 1 + tr.doc.nodeAt(tablePos)!.child(0).nodeSize + 2));
  dispatch(tr.scrollIntoView());
  return true;
}

function promptLink(view: EditorView): void {
  const type = MARKS.link;
  if (markActive(view.state, type)) {
    toggleMark(type)(view.state, view.dispatch);
    return;
  }
  const href = window.prompt('ที่อยู่ลิงก์ (https://…)', 'https://')?.trim();
  if (!href || !/^(?:https?:\/\/|mailto:|\/)/i.test(href)) return;
  const { empty, from } = view.state.selection;
  if (empty) {
    view.dispatch(view.state.tr.insertText(href, from).addMark(from, from + href.length, type.create({ href })));
  } else {
    toggleMark(type, { href })(view.state, view.dispatch);
  }
}

const IMAGE_PICKER_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/avif';

/**
 * The image button's menu when an uploader is wired in: a photo from the device (the file picker,
 * through the uploader) or, as before, a picture already on the web by its address.
 */
function imageMenu(toolbar: HTMLElement, pick: (files: File[]) => void, byUrl: () => void): { toggle(): void; close(): void } {
  const menu = document.createElement('div');
  menu.className = 'editor-image-menu';
  menu.setAttribute('role', 'group');
  menu.setAttribute('aria-label', 'ใส่รูป');
  menu.hidden = true;
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = IMAGE_PICKER_TYPES;
  picker.multiple = true;
  picker.hidden = true;
  const opener = toolbar.querySelector<HTMLButtonElement>('button[data-md="image"]');
  opener?.setAttribute('aria-expanded', 'false');
  const show = (open: boolean) => {
    menu.hidden = !open;
    opener?.setAttribute('aria-expanded', String(open));
  };
  const item = (label: string, action: () => void) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => {
      show(false);
      action();
    });
    return button;
  };
  const fromDevice = item('เลือกรูปจากเครื่อง', () => picker.click());
  fromDevice.dataset.imageSource = 'device';
  const fromWeb = item('ใส่รูปจากที่อยู่เว็บ', byUrl);
  fromWeb.dataset.imageSource = 'url';
  picker.addEventListener('change', () => {
    const files = [...(picker.files ?? [])];
    picker.value = '';
    if (files.length > 0) pick(files);
  });
  menu.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    show(false);
    opener?.focus();
  });
  menu.append(fromDevice, fromWeb, picker);
  toolbar.append(menu);
  return {
    toggle() {
      show(menu.hidden);
      if (!menu.hidden) fromDevice.focus();
    },
    close: () => show(false),
  };
}

function promptImage(view: EditorView): void {
  const src = window.prompt('ที่อยู่รูปภาพจากเว็บ (https://…)', 'https://')?.trim();
  if (!src || !SAFE_IMAGE_SRC.test(src) || src === 'https://') return;
  // Its alt text is typed in the field on the photo (editor-image-view.ts).
  view.dispatch(view.state.tr.replaceSelectionWith(NODES.image.create({ src, alt: null })).scrollIntoView());
}

/**
 * Where an upload goes: a block of its own after the top-level block that holds the cursor (not
 * inside a pasted list or stuck to the text or the previous upload, issue 24 point 5), or in place
 * of an empty paragraph. The cursor ends after it, so the next upload follows it in order.
 */
function insertBlocks(state: EditorState, blocks: Fragment): Transaction {
  const { $to } = state.selection;
  const tr = state.tr;
  let end: number;
  if ($to.depth === 0) {
    tr.insert($to.pos, blocks);
    end = $to.pos + blocks.size;
  } else {
    const top = $to.node(1);
    const from = $to.before(1);
    if (top.type === NODES.paragraph && top.content.size === 0) {
      tr.replaceWith(from, $to.after(1), blocks);
      end = from + blocks.size;
    } else {
      tr.insert($to.after(1), blocks);
      end = $to.after(1) + blocks.size;
    }
  }
  return tr.setSelection(TextSelection.near(tr.doc.resolve(end), -1)).scrollIntoView();
}

/** Plain text (LINE, Notepad): a blank line starts a paragraph, a single new line is a line break. */
function textToSlice(text: string): Slice {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split('\n');
      const inline: PmNode[] = [];
      lines.forEach((line, i) => {
        if (i > 0) inline.push(NODES.hard_break.create());
        if (line) inline.push(schema.text(line));
      });
      return NODES.paragraph.create(null, inline);
    });
  return new Slice(Fragment.from(paragraphs), 1, 1);
}

const imageFiles = (data: DataTransfer | null) => [...(data?.files ?? [])].filter((f) => f.type.startsWith('image/'));

/**
 * Turns `textarea` (the form's Markdown field) into a WYSIWYG editor. `toolbar` holds buttons with
 * data-md actions; `notice` shows Thai messages (e.g. pasted images dropped).
 */
export function mountRichEditor(
  textarea: HTMLTextAreaElement,
  toolbar: HTMLElement,
  notice: HTMLElement,
  sourceToggle: HTMLButtonElement,
  label = 'เนื้อหาบันทึก',
): RichEditor {
  const host = document.createElement('div');
  host.className = 'rich-editor';
  textarea.before(host);
  textarea.hidden = true;
  // NOTE: a hidden required field blocks the submit with no message; the server checks it anyway.
  textarea.required = false;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  const showNotice = (message: string) => {
    notice.textContent = message;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      notice.hidden = true;
    }, NOTICE_MS);
  };

  const api: RichEditor = {
    setMarkdown(markdown) {
      view.updateState(createState(markdown));
      syncToolbar();
    },
    insertMarkdown(markdown) {
      view.dispatch(insertBlocks(view.state, markdownToDoc(markdown).content));
      view.focus();
    },
    focus() {
      view.focus();
    },
  };

  /** Image files pasted or dropped: to the uploader when wired in, otherwise dropped with a notice. */
  function takeImageFiles(files: File[]): boolean {
    if (files.length === 0) return false;
    if (api.onImageFiles) api.onImageFiles(files);
    else showNotice(IMAGES_DROPPED);
    return true;
  }

  let poemMode = false;
  const plugins = [
    mentionSuggestions(), // first: its keys (Enter, Tab) come before the editor's own while the list is open
    history(),
    inputRules({
      rules: [
        textblockTypeInputRule(/^(#{1,2})\s$/, NODES.heading, (m) => ({ level: m[1]!.length })),
        wrappingInputRule(/^\s*>\s$/, NODES.blockquote),
        wrappingInputRule(/^\s*([-+*])\s$/, NODES.bullet_list),
        wrappingInputRule(
          /^(\d+)\.\s$/,
          NODES.ordered_list,
          (m) => ({ order: Number(m[1]) }),
          (m, node) => node.childCount + Number(node.attrs.order) === Number(m[1]),
        ),
        new InputRule(/^```$/, (state, _match, start, end) => state.tr.delete(start, end).setBlockType(start, start, NODES.code_block)),
      ],
    }),
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Shift-Mod-z': redo,
      'Mod-b': toggleMark(MARKS.strong),
      'Mod-i': toggleMark(MARKS.em),
      'Shift-Enter': insertHardBreak,
      'Mod-Enter': insertHardBreak,
      Enter: chainCommands(
        (state, dispatch) =>
          poemMode &&
          poemEnter(() => {
            poemMode = false;
          })(state, dispatch),
        splitListItem(NODES.list_item),
      ),
      Tab: chainCommands(goToNextCell(1), sinkListItem(NODES.list_item)),
      'Shift-Tab': chainCommands(goToNextCell(-1), liftListItem(NODES.list_item)),
    }),
    keymap(baseKeymap),
    tableEditing(),
  ];
  const createState = (markdown: string) => EditorState.create({ doc: markdownToDoc(markdown), plugins });

  const view: EditorView = new EditorView(host, {
    state: createState(textarea.value),
    attributes: { class: 'note-body rich-editor-content', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, lang: 'th' },
    nodeViews: { image: imageNodeView },
    transformPastedHTML: cleanPastedHtml,
    clipboardTextParser: (text) => textToSlice(text),
    handlePaste(_view, event) {
      // A video link shows as a card only alone in its paragraph: its own block, like an upload (issue 24, point 5).
      const pasted = event.clipboardData?.getData('text/plain').trim() ?? '';
      if (/^https?:\/\/\S+$/.test(pasted) && videoEmbedOf(pasted)) {
        view.dispatch(insertBlocks(view.state, markdownToDoc(pasted).content));
        return true;
      }
      // A paste of files only (a screenshot); images inside pasted HTML are filtered by the schema.
      const files = imageFiles(event.clipboardData);
      const hasText = !!event.clipboardData?.getData('text/plain') || !!event.clipboardData?.getData('text/html');
      if (files.length > 0 && !hasText) return takeImageFiles(files);
      if (files.length > 0 || /<img\b[^>]*\bsrc="(?:data:|file:|blob:)/i.test(event.clipboardData?.getData('text/html') ?? '')) {
        // Text with images (Word): the text goes in; image files go to the uploader when there is one,
        // images that exist only as file:/data: references cannot be carried: say so.
        if (files.length > 0 && api.onImageFiles) api.onImageFiles(files);
        else showNotice(api.onImageFiles ? IMAGES_NOT_CARRIED : IMAGES_DROPPED);
      }
      return false;
    },
    handleDrop(_view, event) {
      return takeImageFiles(imageFiles((event as DragEvent).dataTransfer));
    },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (tr.docChanged) {
        clearTimeout(syncTimer);
        synced = false;
        if (view.state.doc.content.size > LARGE_DOC_CHARS) syncTimer = setTimeout(syncMarkdown, LARGE_DOC_SYNC_DELAY_MS);
        else syncMarkdown();
      }
      syncToolbar();
    },
  });

  let syncTimer: ReturnType<typeof setTimeout> | undefined;
  let synced = true;
  /** Writes the document's Markdown into the form's field and tells autosave it changed. */
  function syncMarkdown(): void {
    clearTimeout(syncTimer);
    synced = true;
    textarea.value = docToMarkdown(view.state.doc);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  // Registered before the autosave's own listeners, so they read the latest Markdown.
  const flush = () => {
    if (!synced) syncMarkdown();
  };
  textarea.form?.addEventListener('submit', flush);
  window.addEventListener('pagehide', flush);

  const commands: Record<string, () => void> = {
    bold: () => toggleMark(MARKS.strong)(view.state, view.dispatch),
    italic: () => toggleMark(MARKS.em)(view.state, view.dispatch),
    heading: () => cycleHeading(view.state, view.dispatch),
    bullet: () => toggleList(NODES.bullet_list)(view.state, view.dispatch),
    numbered: () => toggleList(NODES.ordered_list)(view.state, view.dispatch),
    quote: () => toggleQuote(view.state, view.dispatch),
    'line-break': () => insertHardBreak(view.state, view.dispatch),
    poem: () => {
      poemMode = !poemMode;
      syncToolbar();
    },
    link: () => promptLink(view),
    table: () => insertTable(view.state, view.dispatch),
    // With an uploader wired in, a menu: from the device (file picker → uploader) or by web address.
    image: () =>
      api.onImageFiles
        ? (images ??= imageMenu(toolbar, (files) => api.onImageFiles?.(files), insertImageByUrl)).toggle()
        : promptImage(view),
    undo: () => undo(view.state, view.dispatch),
    redo: () => redo(view.state, view.dispatch),
  };

  // Made on first use: the uploader is wired in (onImageFiles) after the editor is mounted.
  let images: ReturnType<typeof imageMenu> | undefined;
  const insertImageByUrl = () => {
    promptImage(view);
    view.focus();
  };

  function syncToolbar(): void {
    const state = view.state;
    const pressed: Record<string, boolean> = {
      bold: markActive(state, MARKS.strong),
      italic: markActive(state, MARKS.em),
      heading: blockIs(state, NODES.heading),
      bullet: blockIs(state, NODES.bullet_list),
      numbered: blockIs(state, NODES.ordered_list),
      quote: blockIs(state, NODES.blockquote),
      link: markActive(state, MARKS.link),
      poem: poemMode,
    };
    for (const button of toolbar.querySelectorAll<HTMLButtonElement>('button[data-md]')) {
      const action = button.dataset.md!;
      if (action in pressed) button.setAttribute('aria-pressed', String(pressed[action]));
    }
  }

  // mousedown, not click: the editor keeps its selection while a toolbar button is pressed.
  toolbar.addEventListener('mousedown', (event) => {
    if ((event.target as HTMLElement).closest('button[data-md]')) event.preventDefault();
  });
  toolbar.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-md]');
    if (!button || sourceToggle.getAttribute('aria-pressed') === 'true') return;
    commands[button.dataset.md!]?.();
    if (!(button.dataset.md === 'image' && api.onImageFiles)) view.focus(); // the image menu keeps the focus
  });

  sourceToggle.hidden = false;
  sourceToggle.addEventListener('click', () => {
    const showSource = sourceToggle.getAttribute('aria-pressed') !== 'true';
    sourceToggle.setAttribute('aria-pressed', String(showSource));
    if (showSource) {
      flush();
      textarea.style.minHeight = `${Math.max(host.offsetHeight, 200)}px`;
    } else {
      api.setMarkdown(textarea.value);
    }
    images?.close(); // its actions belong to the rich view; the source view has no image button
    host.hidden = showSource;
    textarea.hidden = !showSource;
    for (const button of toolbar.querySelectorAll<HTMLButtonElement>('button[data-md]')) button.disabled = showSource;
    (showSource ? textarea : view).focus();
  });

  syncToolbar();
  return api;
}
