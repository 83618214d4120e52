/**
 * The AAR form's long answers in the rich editor, each with its own toolbar, Markdown switch and
 * photo uploads (the image button's picker, pasted and dropped photos, through POST /api/uploads).
 * Imported by the AarForm component's script, so only the AAR form pages fetch the editor.
 */
import { mountRichEditor, type RichEditor } from './rich-editor.ts';
import { attachUploader } from './uploader.ts';

/** Mounts an editor over every `textarea[data-rich]` of the form; returns them by textarea. */
export function mountAarRichFields(form: HTMLFormElement): Map<HTMLTextAreaElement, RichEditor> {
  const editors = new Map<HTMLTextAreaElement, RichEditor>();
  for (const textarea of form.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich]')) {
    const field = textarea.closest<HTMLElement>('.field')!;
    const toolbar = field.querySelector<HTMLElement>('[data-rich-toolbar]')!;
    const notice = field.querySelector<HTMLElement>('[data-rich-notice]')!;
    const source = field.querySelector<HTMLButtonElement>('[data-rich-source]')!;
    if (textarea.required) textarea.dataset.required = 'true'; // for the progress count (aar-form.ts)
    const rich = mountRichEditor(textarea, toolbar, notice, source, textarea.dataset.rich);
    toolbar.hidden = false;
    const uploader = attachUploader({
      list: field.querySelector<HTMLElement>('[data-rich-uploads]')!,
      imagesOnly: true,
      insert: (markdown) => rich.insertMarkdown(markdown),
    });
    rich.onImageFiles = (files) => void uploader.upload(files);
    editors.set(textarea, rich);
  }
  // The hint names the toolbar and the Markdown switch, which exist only now.
  if (editors.size > 0) form.querySelector<HTMLElement>('#aar-rich-hint')?.removeAttribute('hidden');
  return editors;
}
