/**
 * The submit step the note and AAR forms share when the signal may be gone: wait for uploads still
 * running, post the form as usual when nothing lives only on the device and the server answers,
 * otherwise hand it to the outbox. A form is never posted into a dead connection (the browser's
 * own offline page would replace the editor and what was typed).
 */
import { noteEtag, type OutboxRequest } from '../../lib/outbox/items.ts';
import { serverReachable } from './reach.ts';

export interface Uploads {
  busy(): number;
  idle(): Promise<void>;
}

interface Steps {
  uploads?: Uploads;
  /** Says why the form waits (uploads still running). */
  onWaitForUploads: () => void;
  /** Whether the form's values still link files kept only on the device. */
  holdsFilesOnDevice: () => boolean;
  /** Puts the form in the outbox; false when it was not queued (e.g. it would be refused). */
  queue: () => Promise<boolean>;
}

export function submitOrQueue(form: HTMLFormElement, steps: Steps): void {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  let bypass = false;
  let queued = false;
  form.addEventListener('submit', (event) => {
    if (bypass) return;
    event.preventDefault();
    if (queued) return;
    void (async () => {
      button.disabled = true;
      try {
        if (steps.uploads && steps.uploads.busy() > 0) {
          steps.onWaitForUploads();
          await steps.uploads.idle();
        }
        if (!steps.holdsFilesOnDevice() && (await serverReachable())) {
          bypass = true;
          form.submit(); // the ordinary post: the server's answer (or its field errors) is the next page
          return;
        }
        queued = await steps.queue();
      } finally {
        if (!queued) button.disabled = false;
      }
    })();
  });
}

/**
 * The queued request of a new item (POST `createUrl`) or an edit (`method` on `editUrl`). An edit
 * carries the revision the form was opened on: it never overwrites what was written elsewhere since,
 * and a 412 keeps both versions (X-Keep-Conflict).
 */
export function createOrEditRequest(
  json: Record<string, unknown>,
  create: { url: string },
  edit: { id: string; method: 'PATCH' | 'PUT'; url: string; baseRevision: string } | undefined,
): OutboxRequest {
  if (!edit) return { method: 'POST', url: create.url, json };
  return {
    method: edit.method,
    url: edit.url,
    json,
    headers: { 'x-keep-conflict': '1' },
    ...(edit.baseRevision ? { ifMatch: noteEtag(edit.id, edit.baseRevision) } : {}),
  };
}
