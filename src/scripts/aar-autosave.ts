/**
 * AAR autosave, like the note editor's: a copy in localStorage half a second after typing stops
 * (and when the tab is hidden), and every few seconds a copy on the server (POST /api/aar/drafts,
 * then PUT /api/aar/drafts/<id>), so an AAR in progress survives a closed tab and a change of device.
 * When the form opens with different values, the newer of the two copies is offered back; "ทิ้ง"
 * discards both. Saving the AAR deletes the server copy (server side) and the local one (note page).
 * "Newer" is decided by server times only (issue 24, point 10): each save names the server copy it
 * started from (`baseSavedAt`), the server refuses it (409) when it holds a newer one from another
 * device, and that newer copy is offered instead; a local copy written on top of an older server
 * copy is never offered over the newer one.
 */
import { forgetLocalDraft, readLocalDraft, writeLocalDraft } from './draft-store.ts';

const LOCAL_SAVE_DELAY_MS = 500;
const SERVER_SAVE_INTERVAL_MS = 5_000;
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Copy {
  values: Record<string, string>;
  savedAt: number;
  where: string;
  /** A local copy: the server copy it was written on top of (0: none). */
  serverSavedAt?: number;
}

interface ServerDraft {
  id: number;
  values: Record<string, string>;
  savedAt: number;
}

const SERVER_COPY = 'ที่บันทึกไว้บนเซิร์ฟเวอร์ (อาจมาจากอีกเครื่อง)';

const timeOfDay = (ms: number) =>
  new Date(ms).toLocaleTimeString('th-TH', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Bangkok' });

/** Named values of the form (what the post would send), without the honeypot. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && name !== 'website') values[name] = value;
  return values;
}

function readServerCopy(form: HTMLFormElement): ({ id: number } & Copy) | undefined {
  try {
    const draft = JSON.parse(form.dataset.serverDraft ?? 'null') as ServerDraft | null;
    return draft ? { id: draft.id, values: draft.values, savedAt: draft.savedAt, where: SERVER_COPY } : undefined;
  } catch {
    return undefined;
  }
}

/** Starts both copies; `restore` fills the form with a copy's values. */
export function setUpAutosave(form: HTMLFormElement, restore: (values: Record<string, string>) => void): void {
  const key = form.dataset.draftKey ?? 'aar-new';
  const noteId = form.dataset.noteId ? Number(form.dataset.noteId) : null;
  const status = form.querySelector<HTMLElement>('#aar-autosave-status');
  const server = readServerCopy(form);
  let serverId = server?.id;
  /** The server copy this form is built on; sent with each save so a newer one is never overwritten. */
  let serverSavedAt = server?.savedAt ?? 0;
  /** The server holds a newer copy than this form: no more server saves until the member takes it. */
  let behind = false;
  let dirtyLocal = false;
  let dirtyServer = false;
  let saving = false;
  let submitted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const saveLocally = () => {
    clearTimeout(timer);
    if (!dirtyLocal) return;
    dirtyLocal = false;
    const values = formValues(form);
    writeLocalDraft(key, {
      title: values.eventTitle ?? '',
      body: JSON.stringify(values),
      tags: values.tags ?? '',
      savedAt: Date.now(),
      unsynced: true,
      serverSavedAt,
    });
  };

  async function saveToServer(): Promise<void> {
    saveLocally();
    if (!dirtyServer || saving || submitted || behind) return;
    saving = true;
    dirtyServer = false;
    const values = formValues(form);
    try {
      const response = await fetch(serverId ? `/api/aar/drafts/${serverId}` : '/api/aar/drafts', {
        method: serverId ? 'PUT' : 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify(serverId ? { values, baseSavedAt: serverSavedAt } : { noteId, values, baseSavedAt: serverSavedAt }),
      });
      if (response.status === 404 && serverId) {
        serverId = undefined; // discarded on another device: the next save starts a new copy
        dirtyServer = true;
        return;
      }
      const answer = (await response.json().catch(() => ({}))) as { id?: number; savedAt?: number; error?: string; draft?: ServerDraft };
      if (response.status === 409 && answer.draft) {
        // Another device saved a newer copy: keep this one locally, offer that one, overwrite nothing.
        behind = true;
        const newer = answer.draft;
        if (status) status.textContent = `${answer.error ?? 'มีฉบับร่างที่ใหม่กว่าบนเซิร์ฟเวอร์'} (ข้อความบนจอนี้ยังเก็บไว้ในเครื่องนี้)`;
        offerCopy(
          form,
          { ...newer, where: SERVER_COPY },
          (values) => {
            serverId = newer.id;
            serverSavedAt = newer.savedAt;
            behind = false;
            restore(values);
          },
          discard,
        );
        return;
      }
      if (!response.ok) {
        // Too large or not allowed will not change by retrying; a rate limit or a server error may.
        if (response.status !== 413 && response.status !== 403 && response.status !== 401) dirtyServer = true;
        if (status) status.textContent = `${answer.error ?? 'บันทึกร่างบนเซิร์ฟเวอร์ไม่สำเร็จ'} (ข้อความยังเก็บไว้ในเครื่องนี้)`;
        return;
      }
      serverId = answer.id;
      serverSavedAt = answer.savedAt ?? serverSavedAt;
      if (status) status.textContent = `บันทึกร่างไว้บนเซิร์ฟเวอร์แล้ว ${timeOfDay(answer.savedAt ?? Date.now())} น.`;
    } catch {
      dirtyServer = true;
      if (status) status.textContent = 'ออฟไลน์อยู่ ข้อความเก็บไว้ในเครื่องนี้ และจะบันทึกขึ้นเซิร์ฟเวอร์เมื่อออนไลน์';
    } finally {
      saving = false;
    }
  }

  function discard(): void {
    forgetLocalDraft(key);
    if (serverId) void fetch(`/api/aar/drafts/${serverId}`, { method: 'DELETE' });
    serverId = undefined;
    serverSavedAt = 0;
    behind = false;
  }
  offerNewerCopy(form, key, server, restore, discard);

  form.addEventListener('input', () => {
    dirtyLocal = true;
    dirtyServer = true;
    clearTimeout(timer);
    timer = setTimeout(saveLocally, LOCAL_SAVE_DELAY_MS);
  });
  form.addEventListener('change', () => {
    dirtyLocal = true;
    dirtyServer = true;
    saveLocally();
  });
  form.addEventListener('submit', () => {
    dirtyLocal = true;
    saveLocally(); // if the post fails (offline), the text is still here next time
    submitted = true; // the server deletes its copy when the AAR is saved; a late autosave must not bring it back
  });
  window.addEventListener('pagehide', saveLocally);
  setInterval(() => void saveToServer(), SERVER_SAVE_INTERVAL_MS);
}

/**
 * Offers the newer of the local and the server copy when it differs from what the form shows. A
 * local copy counts as newer only when it was written on top of the server copy now stored (or
 * there is none): one written on an older copy lost to the other device.
 */
function offerNewerCopy(
  form: HTMLFormElement,
  key: string,
  server: Copy | undefined,
  restore: (values: Record<string, string>) => void,
  discard: () => void,
): void {
  const local = readLocalDraft(key);
  const localCopy: Copy | null = local && {
    values: JSON.parse(local.body) as Record<string, string>,
    savedAt: local.savedAt,
    where: 'ที่เก็บไว้ในเครื่องนี้',
    serverSavedAt: local.serverSavedAt ?? 0,
  };
  const current = formValues(form);
  const differs = (copy: Copy) => Object.entries(copy.values).some(([name, value]) => (current[name] ?? '') !== value);
  const localIsNewer = !!localCopy && (!server || (localCopy.serverSavedAt ?? 0) >= server.savedAt);
  const offer = [localIsNewer ? localCopy : server, localIsNewer ? server : null].find((c): c is Copy => !!c && differs(c));
  if (offer) offerCopy(form, offer, restore, discard);
}

/** The banner "พบ AAR ที่ยังไม่ได้บันทึก …" with restore and discard. */
function offerCopy(form: HTMLFormElement, offer: Copy, restore: (values: Record<string, string>) => void, discard: () => void): void {
  const banner = form.querySelector<HTMLElement>('#draft-restore')!;
  const title = offer.values.eventTitle || 'ไม่มีชื่องาน';
  form.querySelector('#draft-restore-text')!.textContent =
    `พบ AAR ที่ยังไม่ได้บันทึก "${title}" ${offer.where} จากเวลา ${timeOfDay(offer.savedAt)} น. ต้องการกู้คืนหรือไม่`;
  banner.hidden = false;
  // Replaced, not added to: a second offer (a newer copy found while typing) answers alone.
  const yes = replaceButton(form, '#draft-restore-yes');
  const no = replaceButton(form, '#draft-restore-no');
  yes.addEventListener('click', () => {
    restore(offer.values);
    banner.hidden = true;
    form.dispatchEvent(new Event('input'));
  });
  no.addEventListener('click', () => {
    discard();
    banner.hidden = true;
  });
}

function replaceButton(form: HTMLFormElement, selector: string): HTMLElement {
  const old = form.querySelector<HTMLElement>(selector)!;
  const fresh = old.cloneNode(true) as HTMLElement;
  old.replaceWith(fresh);
  return fresh;
}
