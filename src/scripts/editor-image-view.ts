/**
 * A photo in the rich editor, with its alt text as a field on the photo itself (issue 24, point 5):
 * the uploader no longer asks with `window.prompt()` once per photo. Typing in the field updates the
 * image's `alt`, so the Markdown (`![alt](url)`) and autosave follow at once.
 */
import type { Node as PmNode } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';

const ALT_MAX_CHARS = 300;

export function imageNodeView(node: PmNode, view: EditorView, getPos: () => number | undefined): NodeView {
  let current = node;
  const dom = document.createElement('span');
  dom.className = 'editor-image';
  dom.contentEditable = 'false';
  const img = document.createElement('img');
  const label = document.createElement('label');
  label.className = 'editor-image-alt';
  const input = document.createElement('input');
  input.type = 'text';
  input.maxLength = ALT_MAX_CHARS;
  input.placeholder = 'เช่น ชาวบ้านล้อมวงคุยใต้ต้นไม้';
  input.dataset.imageAlt = '';
  label.append('คำอธิบายภาพ (สำหรับผู้ที่มองไม่เห็นภาพ)', input);
  dom.append(img, label);

  const show = (next: PmNode) => {
    const src = String(next.attrs.src);
    if (img.getAttribute('src') !== src) img.setAttribute('src', src);
    img.alt = String(next.attrs.alt ?? '');
    if (document.activeElement !== input) input.value = String(next.attrs.alt ?? '');
  };
  show(node);

  input.addEventListener('input', () => {
    const pos = getPos();
    if (pos === undefined) return;
    const alt = input.value.replace(/\s+/g, ' ').trim();
    if (alt === (current.attrs.alt ?? '')) return;
    view.dispatch(view.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, alt: alt || null }));
  });

  return {
    dom,
    update(next) {
      if (next.type !== current.type) return false;
      current = next;
      show(next);
      return true;
    },
    // The field is the member's, not the editor's: its keys, clicks and typing stay in it.
    stopEvent: (event) => label.contains(event.target as Node),
    ignoreMutation: () => true,
  };
}
