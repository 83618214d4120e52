/**
 * AAR summaries (การทบทวนหลังปฏิบัติ): a note of kind 'aar' plus its structured fields in
 * aar_reports. The note's Markdown body is generated from those fields, so lists, feeds, search
 * and link cards read an AAR like any other note; the note page shows the structured view.
 */
import { and, desc, eq, gte, inArray, isNotNull, lt, type SQL } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { aarReports, notes, users, type AarPerson } from '~db/schema.ts';
import { aarFormSchema, aarFormToInput, type AarInput } from '../aar-validation.ts';
import { aarTextAsMarkdown } from '../aar-text.ts';
import { forgetAarDraft } from './aar-draft.ts';
import { toFormErrors } from '../form-errors.ts';
import { formatThaiDate, formatThaiDateInput } from '../thai-date.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { createNote, getNoteRow, NOTES_PER_PAGE, updateNote } from './note.ts';
import type { RevisionCheck } from './note-revision.ts';
import { listOrder, readKeysetPage, type KeysetList, type Page } from './keyset-page.ts';
import type { ListPosition } from '../list-position.ts';
import { can } from './permissions.ts';
import { formatPlace, getProvince, resolvePlaceScope, type PlacePath } from './places.ts';
import type { SessionUser } from './user.ts';

export type AarRow = typeof aarReports.$inferSelect;

/** A calendar date 'YYYY-MM-DD' as a Thai date ("12 มี.ค. 2568"); noon in Bangkok so no zone shifts the day. */
export function formatAarDate(isoDate: string): string {
  return formatThaiDate(new Date(`${isoDate}T12:00:00+07:00`));
}

/** "12 มี.ค. 2568" or "12 มี.ค. 2568 – 14 มี.ค. 2568". */
export function formatAarDates(start: string, end: string | null): string {
  return end && end !== start ? `${formatAarDate(start)} – ${formatAarDate(end)}` : formatAarDate(start);
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const countText = (n: number | null, unit: string) => (n == null ? '-' : `${n.toLocaleString('th-TH')} ${unit}`);

/** The plain Markdown version of an AAR: the note body that search, feeds and excerpts read. */
export function aarToMarkdown(input: AarInput, place: PlacePath): string {
  const where = [input.venue, formatPlace(place)].filter(Boolean).join(' ');
  const people = input.actualPeople != null ? ` ผู้เข้าร่วม ${input.actualPeople.toLocaleString('th-TH')} คน` : '';
  const parts = [
    `สรุปการทบทวนหลังปฏิบัติ (AAR) ของ${input.eventTitle} ${formatAarDates(input.startDate!, input.endDate)} ณ ${where}${people}`,
    '# ข้อมูลงาน',
    [
      `- ผู้จัด: ${input.hosts}`,
      input.partners && `- ภาคีร่วม: ${input.partners}`,
      `- คุณอำนวย: ${input.facilitator}`,
      `- คุณลิขิต: ${input.noteTaker}`,
      `- ผู้เข้าร่วม: เป้าหมาย ${countText(input.targetPeople, 'คน')} / จริง ${countText(input.actualPeople, 'คน')}`,
      (input.targetTambons != null || input.actualTambons != null) &&
        `- ตำบล: เป้าหมาย ${countText(input.targetTambons, 'ตำบล')} / จริง ${countText(input.actualTambons, 'ตำบล')}`,
    ]
      .filter(Boolean)
      .join('\n'),
  ];
  if (input.subGroups.length > 0) {
    parts.push(
      `# กลุ่มย่อย (${input.subGroups.length} กลุ่ม)`,
      input.subGroups
        .map((g, i) => `${i + 1}. ${g.name}${g.people != null ? ` (${g.people} คน)` : ''}${g.topic ? ` — ${g.topic}` : ''}`)
        .join('\n'),
    );
  }
  const personList = (rows: AarPerson[]) =>
    rows
      .map((p, i) => `${i + 1}. ${p.name}${p.organisation ? ` (${p.organisation})` : ''}${p.summary ? ` — ${p.summary}` : ''}`)
      .join('\n');
  if (input.presenters.length > 0) parts.push('# ผู้นำเสนอ', personList(input.presenters));
  if (input.caseStudies.length > 0) parts.push('# กรณีศึกษา', personList(input.caseStudies));
  parts.push(
    '# คาดหวังอะไร',
    input.expected,
    '# ได้เกินคาด',
    input.exceeded,
    '# ได้น้อยกว่าคาด เพราะอะไร',
    input.fellShort,
    '# จะทำอย่างไรต่อไป',
    input.nextSteps,
  );
  if (input.lessons) parts.push('# บทเรียน', input.lessons);
  if (input.photos.length > 0) {
    // The gallery is part of the body too: feeds, link cards (first image) and the upload clean-up read it there.
    parts.push('# ภาพกิจกรรม', input.photos.map((p) => `![${p.alt.replace(/[\\[\]]/g, '\\$&')}](${p.src})`).join('\n\n'));
  }
  if (input.actions.length > 0) {
    parts.push(
      '# สิ่งที่จะทำต่อ',
      [
        '| สิ่งที่จะทำ | ผู้รับผิดชอบ | กำหนดเสร็จ |',
        '|---|---|---|',
        ...input.actions.map((a) => `| ${cell(a.action)} | ${cell(a.owner)} | ${a.due ? formatAarDate(a.due) : '-'} |`),
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** The aar_reports row for validated input at a resolved place. */
export function aarToRow(input: AarInput, place: PlacePath): Omit<AarRow, 'noteId' | 'listed'> {
  return {
    eventTitle: input.eventTitle,
    startDate: input.startDate!,
    endDate: input.endDate,
    year: Number(input.startDate!.slice(0, 4)),
    ...place,
    venue: input.venue,
    hosts: input.hosts,
    partners: input.partners,
    facilitator: input.facilitator,
    noteTaker: input.noteTaker,
    targetPeople: input.targetPeople,
    actualPeople: input.actualPeople,
    targetTambons: input.targetTambons,
    actualTambons: input.actualTambons,
    subGroups: input.subGroups,
    expected: input.expected,
    exceeded: input.exceeded,
    fellShort: input.fellShort,
    nextSteps: input.nextSteps,
    lessons: input.lessons,
    actions: input.actions,
    presenters: input.presenters,
    caseStudies: input.caseStudies,
    photos: input.photos,
    textFormat: 'markdown',
  };
}

function noteFields(input: AarInput, place: PlacePath) {
  return {
    title: input.eventTitle,
    body: aarToMarkdown(input, place),
    tags: input.tags,
    licence: input.licence,
    status: input.status,
    eventId: input.eventId,
    acknowledgePersonalData: input.acknowledgePersonalData,
  };
}

/** Publishes (or saves as a draft) an AAR by any signed-in member who took part; returns the note id. */
export function createAar(user: SessionUser | null, input: AarInput, clientIp: string): { id: number } {
  if (!user) throw needLogin();
  if (!can(user, 'aar:create')) throw forbidden('บัญชีของคุณเขียน AAR ไม่ได้ในขณะนี้');
  const place = resolvePlaceScope(input.provinceCode, input.districtCode, input.subdistrictCode);
  // createNote renders first, then writes the note and these rows in one transaction.
  return createNote(user, noteFields(input, place), 'aar', clientIp, (id) => {
    getDb()
      .insert(aarReports)
      .values({ noteId: id, ...aarToRow(input, place) })
      .run();
    forgetAarDraft(user.id, null);
  });
}

/**
 * Keeps a device's AAR edit that met a newer text (a 412) as a draft AAR of its author titled
 * `title`, marked as a copy of `noteId` (notes.conflict_of_id). The member's own autosaved AAR
 * typing (aar_drafts) is left alone. Returns the copy's id.
 */
export function keepAarConflictCopy(user: SessionUser, noteId: number, input: AarInput, title: string, clientIp: string): number {
  const place = resolvePlaceScope(input.provinceCode, input.districtCode, input.subdistrictCode);
  return createNote(user, { ...noteFields(input, place), title, status: 'draft' }, 'aar', clientIp, (id) => {
    getDb()
      .insert(aarReports)
      .values({ noteId: id, ...aarToRow(input, place) })
      .run();
    getDb().update(notes).set({ conflictOfId: noteId }).where(eq(notes.id, id)).run();
  }).id;
}

/** Saves an edit of an AAR by its author (the note keeps a revision of the previous text). */
export function updateAar(user: SessionUser | null, noteId: number, input: AarInput, clientIp: string, ifRevision?: RevisionCheck): void {
  if (!user) throw needLogin();
  const note = getNoteRow(noteId);
  if (!note || note.kind !== 'aar') throw notFound('AAR นี้');
  const place = resolvePlaceScope(input.provinceCode, input.districtCode, input.subdistrictCode);
  // updateNote renders first, then writes the note and these rows in one transaction.
  updateNote(
    user,
    noteId,
    noteFields(input, place),
    clientIp,
    () => {
      getDb().update(aarReports).set(aarToRow(input, place)).where(eq(aarReports.noteId, noteId)).run();
      forgetAarDraft(user.id, noteId);
    },
    ifRevision,
  );
}

/** The structured fields of an AAR note, or undefined. Callers check access to the note first. */
export function getAar(noteId: number): AarRow | undefined {
  return getDb().select().from(aarReports).where(eq(aarReports.noteId, noteId)).get();
}

export interface AarListItem {
  id: number;
  eventTitle: string;
  startDate: string;
  endDate: string | null;
  provinceName: string;
  districtName: string;
  subdistrictName: string;
  actualPeople: number | null;
  subGroupCount: number;
  commentCount: number;
  author: { username: string; displayName: string };
}

export interface AarFilter {
  provinceCode?: string | undefined;
  year?: number | undefined;
}

/**
 * Published AARs as a list read by keyset (keyset-page.ts): newest event first (start_date, then
 * note id), from aar_reports_listing_idx or, in one province, aar_reports_province_listing_idx,
 * without reading notes (`listed` is the note's public state, kept by triggers). A year is a range
 * of start_date (year is its copy), so both indexes serve it too.
 */
function aarList(filter: AarFilter): KeysetList {
  const conditions: SQL[] = [eq(aarReports.listed, true)];
  if (filter.provinceCode) conditions.push(eq(aarReports.provinceCode, filter.provinceCode));
  if (filter.year) conditions.push(gte(aarReports.startDate, `${filter.year}-01-01`), lt(aarReports.startDate, `${filter.year + 1}-01-01`));
  const db = getDb();
  return {
    key: `aar:${filter.provinceCode ?? ''}:${filter.year ?? ''}`,
    sort: aarReports.startDate,
    id: aarReports.noteId,
    // A cursor is an AAR that was published (a draft has no place in the list, as in note lists).
    sortOf: (noteId) =>
      db
        .select({ value: aarReports.startDate })
        .from(aarReports)
        .innerJoin(notes, eq(notes.id, aarReports.noteId))
        .where(and(eq(aarReports.noteId, noteId), isNotNull(notes.publishedAt)))
        .get()?.value,
    ids: (range, ascending) =>
      db
        .select({ id: aarReports.noteId })
        .from(aarReports)
        .where(and(...conditions, range))
        .orderBy(...listOrder(aarReports.startDate, aarReports.noteId, ascending))
        .$dynamic(),
  };
}

/** The list rows of the given AARs, in the given order. */
function loadAarItems(ids: number[]): AarListItem[] {
  const rows = getDb()
    .select({
      id: notes.id,
      commentCount: notes.commentCount,
      eventTitle: aarReports.eventTitle,
      startDate: aarReports.startDate,
      endDate: aarReports.endDate,
      provinceName: aarReports.provinceName,
      districtName: aarReports.districtName,
      subdistrictName: aarReports.subdistrictName,
      actualPeople: aarReports.actualPeople,
      subGroups: aarReports.subGroups,
      username: users.username,
      displayName: users.displayName,
    })
    .from(aarReports)
    .innerJoin(notes, eq(notes.id, aarReports.noteId))
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(inArray(aarReports.noteId, ids))
    .all();
  const byId = new Map(
    rows.map(({ subGroups, username, displayName, ...row }) => [
      row.id,
      { ...row, subGroupCount: subGroups.length, author: { username, displayName } },
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((item) => item !== undefined);
}

/**
 * Published AARs, newest event first, optionally in one province and one (Gregorian) year; a page by
 * number or by cursor (`?before=`/`?after=<note id>`, docs/decisions/1704).
 */
export function listAars(filter: AarFilter, position: ListPosition = { page: 1 }, perPage = NOTES_PER_PAGE): Page<AarListItem> {
  return readKeysetPage(aarList(filter), position, perPage, loadAarItems);
}

/** Years that have published AARs, newest first (for the year filter): one walk of aar_reports_years_idx. */
export function listAarYears(): number[] {
  return getDb()
    .selectDistinct({ year: aarReports.year })
    .from(aarReports)
    .where(eq(aarReports.listed, true))
    .orderBy(desc(aarReports.year))
    .all()
    .map((r) => r.year);
}

/**
 * Provinces that have published AARs, in Thai order (for the search page's province filter). The
 * codes come from aar_reports_province_listing_idx alone; names from the place list, as the AAR form
 * resolved them.
 */
export function listAarProvinces(): string[] {
  return getDb()
    .selectDistinct({ code: aarReports.provinceCode })
    .from(aarReports)
    .where(eq(aarReports.listed, true))
    .all()
    .map((r) => getProvince(r.code)?.name)
    .filter((name) => name !== undefined)
    .sort((a, b) => a.localeCompare(b, 'th'));
}

/** The form values of an existing AAR (for its edit page). */
export function aarToFormValues(row: AarRow, tags: string[], licence: string, status: string): Record<string, string> {
  // The form edits Markdown; a row from before the rich editor is plain text (saved back as Markdown).
  const md = (text: string) => aarTextAsMarkdown(text, row.textFormat);
  const values: Record<string, string> = {
    eventTitle: row.eventTitle,
    startDate: formatThaiDateInput(row.startDate),
    endDate: row.endDate ? formatThaiDateInput(row.endDate) : '',
    provinceCode: row.provinceCode,
    districtCode: row.districtCode,
    subdistrictCode: row.subdistrictCode,
    venue: row.venue,
    hosts: row.hosts,
    partners: row.partners,
    facilitator: row.facilitator,
    noteTaker: row.noteTaker,
    targetPeople: row.targetPeople?.toString() ?? '',
    actualPeople: row.actualPeople?.toString() ?? '',
    targetTambons: row.targetTambons?.toString() ?? '',
    actualTambons: row.actualTambons?.toString() ?? '',
    expected: md(row.expected),
    exceeded: md(row.exceeded),
    fellShort: md(row.fellShort),
    nextSteps: md(row.nextSteps),
    lessons: md(row.lessons),
    tags: tags.join(', '),
    licence,
    status,
  };
  row.presenters.forEach((p, i) =>
    Object.assign(values, {
      [`presenters.${i}.name`]: p.name,
      [`presenters.${i}.organisation`]: p.organisation,
      [`presenters.${i}.summary`]: p.summary,
    }),
  );
  row.caseStudies.forEach((p, i) =>
    Object.assign(values, {
      [`caseStudies.${i}.name`]: p.name,
      [`caseStudies.${i}.organisation`]: p.organisation,
      [`caseStudies.${i}.summary`]: p.summary,
    }),
  );
  row.subGroups.forEach((g, i) =>
    Object.assign(values, {
      [`subGroups.${i}.name`]: g.name,
      [`subGroups.${i}.people`]: g.people?.toString() ?? '',
      [`subGroups.${i}.topic`]: g.topic,
    }),
  );
  row.actions.forEach((a, i) =>
    Object.assign(values, {
      [`actions.${i}.action`]: a.action,
      [`actions.${i}.owner`]: a.owner,
      [`actions.${i}.due`]: a.due ? formatThaiDateInput(a.due) : '',
    }),
  );
  row.photos.forEach((p, i) => Object.assign(values, { [`photos.${i}.src`]: p.src, [`photos.${i}.alt`]: p.alt }));
  return values;
}

/**
 * Reads the AAR form post (dates typed in Buddhist era). Throws one 400 with every error keyed by
 * input name ("subGroups.1.name"), so the form shows them all at once.
 */
export function parseAarForm(form: Record<string, string>): AarInput {
  const result = aarFormSchema.safeParse(aarFormToInput(form));
  if (result.success) return result.data;
  const fields = toFormErrors(result.error);
  throw new DomainError(400, `ยังบันทึกไม่ได้ มี ${Object.keys(fields).length} จุดที่ต้องแก้`, fields);
}
