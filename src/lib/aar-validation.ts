/**
 * The AAR (After Action Review, การทบทวนหลังปฏิบัติ) input schema, shared by the form and the JSON
 * API. Messages are Thai and name the row ("กลุ่มย่อยที่ 3: …") so an organiser finds the mistake.
 */
import { z } from 'zod';
import { cleanMultiline, cleanSingleLine } from './text.ts';
import { MAX_CE_YEAR, MIN_BE_YEAR, MAX_BE_YEAR, MIN_CE_YEAR, parseThaiDateInput } from './thai-date.ts';
import { noteInputSchema } from './validation.ts';
import { parseImageUrl } from './upload-urls.ts';

/**
 * How dates arrive: the JSON API takes ISO dates only ('YYYY-MM-DD', Western year); the HTML form
 * takes what people type, Buddhist era ("12/03/2568"), see parseThaiDateInput.
 */
export type DateInput = 'iso' | 'typed';

export const AAR_LIMITS = {
  shortText: 200,
  longText: 10_000,
  subGroups: 50,
  actions: 50,
  people: 1_000_000,
  personRows: 50,
  photos: 30,
  altText: 300,
} as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date 'YYYY-MM-DD' (rejects 2024-02-30). */
function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The ISO date for `raw`, or the Thai message saying what is wrong with it. Every date people enter
 * (AAR, events, action due dates) goes through here, so the 2450–2650 BE range holds everywhere.
 */
function readDate(raw: string, label: string, input: DateInput): { iso?: string; error?: string } {
  if (input === 'typed') {
    const parsed = parseThaiDateInput(raw, label);
    return parsed.ok ? { iso: parsed.iso } : { error: parsed.error };
  }
  if (!isCalendarDate(raw)) return { error: `${label}ไม่ถูกต้อง (ปี-เดือน-วัน แบบ ค.ศ. เช่น 2025-03-12)` };
  const year = Number(raw.slice(0, 4));
  if (year < MIN_CE_YEAR || year > MAX_CE_YEAR) {
    return { error: `${label}: ปี ${year} ดูไม่ถูกต้อง ต้องเป็นปี ค.ศ. ${MIN_CE_YEAR}–${MAX_CE_YEAR} (พ.ศ. ${MIN_BE_YEAR}–${MAX_BE_YEAR})` };
  }
  return { iso: raw };
}

const line = (label: string, required = true) =>
  z
    .union([z.string(), z.undefined(), z.null()])
    .transform((v) => cleanSingleLine(v ?? ''))
    .pipe(
      required
        ? z.string().min(1, `กรุณากรอก${label}`).max(AAR_LIMITS.shortText, `${label}ยาวเกิน ${AAR_LIMITS.shortText} ตัวอักษร`)
        : z.string().max(AAR_LIMITS.shortText, `${label}ยาวเกิน ${AAR_LIMITS.shortText} ตัวอักษร`),
    );

const longText = (label: string, required = true) =>
  z
    .union([z.string(), z.undefined(), z.null()])
    .transform((v) => cleanMultiline(v ?? '').trim())
    .pipe(
      required
        ? z.string().min(1, `กรุณาเขียน${label}`).max(AAR_LIMITS.longText, `${label}ยาวเกิน ${AAR_LIMITS.longText} ตัวอักษร`)
        : z.string().max(AAR_LIMITS.longText, `${label}ยาวเกิน ${AAR_LIMITS.longText} ตัวอักษร`),
    );

/** A count of people or tambons: empty means "not given"; otherwise a whole number from 0. */
const count = (label: string) =>
  z
    .union([z.number(), z.string(), z.undefined(), z.null()])
    .transform((v) => (v == null || (typeof v === 'string' && v.trim() === '') ? null : Number(typeof v === 'string' ? v.trim() : v)))
    .pipe(
      z
        .number({ invalid_type_error: `${label}ต้องเป็นตัวเลข` })
        .int(`${label}ต้องเป็นจำนวนเต็ม`)
        .min(0, `${label}ต้องไม่ติดลบ`)
        .max(AAR_LIMITS.people, `${label}มากเกินไป`)
        .nullable(),
    );

/** A date field for zod schemas: empty is null (or "กรุณาระบุ…" when required), otherwise readDate. */
export const dateField = (label: string, required: boolean, input: DateInput) =>
  z.union([z.string(), z.undefined(), z.null()], { invalid_type_error: `${label}ต้องเป็นข้อความ ปี-เดือน-วัน` }).transform((v, ctx) => {
    const raw = (v ?? '').trim();
    if (!raw) {
      if (required) ctx.addIssue({ code: 'custom', message: `กรุณาระบุ${label}` });
      return null;
    }
    const { iso, error } = readDate(raw, label, input);
    if (error) ctx.addIssue({ code: 'custom', message: error });
    return iso ?? null;
  });

const rawRow = z.record(z.unknown());
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Sub-groups: rows left completely empty are dropped (the form always shows a few spare rows). */
/** An issue about one input of a row: `field` is the form input's name, so the form can point at it. */
const rowIssue = (message: string, field: string) => ({ code: 'custom' as const, message, params: { field } });

const subGroupsSchema = z
  .array(rawRow)
  .max(AAR_LIMITS.subGroups, `กลุ่มย่อยได้ไม่เกิน ${AAR_LIMITS.subGroups} กลุ่ม`)
  .optional()
  .default([])
  .transform((rows, ctx) => {
    const out: { name: string; people: number | null; topic: string }[] = [];
    rows.forEach((row, i) => {
      const name = cleanSingleLine(str(row.name));
      const topic = cleanSingleLine(str(row.topic));
      const peopleRaw = str(row.people).trim();
      if (!name && !topic && !peopleRaw) return;
      const label = `กลุ่มย่อยที่ ${i + 1}`;
      if (!name) ctx.addIssue(rowIssue(`${label}: กรุณากรอกชื่อกลุ่ม`, `subGroups.${i}.name`));
      if (name.length > AAR_LIMITS.shortText) ctx.addIssue(rowIssue(`${label}: ชื่อกลุ่มยาวเกินไป`, `subGroups.${i}.name`));
      if (topic.length > AAR_LIMITS.shortText) ctx.addIssue(rowIssue(`${label}: ประเด็นยาวเกินไป`, `subGroups.${i}.topic`));
      const people = peopleRaw === '' ? null : Number(peopleRaw);
      if (people !== null && (!Number.isInteger(people) || people < 0 || people > AAR_LIMITS.people)) {
        ctx.addIssue(rowIssue(`${label}: จำนวนคนต้องเป็นจำนวนเต็มตั้งแต่ 0`, `subGroups.${i}.people`));
      }
      out.push({ name, people, topic });
    });
    return out;
  });

const actionsSchema = (input: DateInput) =>
  z
    .array(rawRow)
    .max(AAR_LIMITS.actions, `สิ่งที่จะทำต่อได้ไม่เกิน ${AAR_LIMITS.actions} ข้อ`)
    .optional()
    .default([])
    .transform((rows, ctx) => {
      const out: { action: string; owner: string; due: string | null }[] = [];
      rows.forEach((row, i) => {
        const action = cleanSingleLine(str(row.action));
        const owner = cleanSingleLine(str(row.owner));
        const dueRaw = str(row.due).trim();
        if (!action && !owner && !dueRaw) return;
        const label = `สิ่งที่จะทำต่อข้อที่ ${i + 1}`;
        if (!action) ctx.addIssue(rowIssue(`${label}: กรุณาระบุสิ่งที่จะทำ`, `actions.${i}.action`));
        if (!owner) ctx.addIssue(rowIssue(`${label}: กรุณาระบุผู้รับผิดชอบ`, `actions.${i}.owner`));
        if (action.length > AAR_LIMITS.shortText) ctx.addIssue(rowIssue(`${label}: สิ่งที่จะทำยาวเกินไป`, `actions.${i}.action`));
        if (owner.length > AAR_LIMITS.shortText) ctx.addIssue(rowIssue(`${label}: ชื่อผู้รับผิดชอบยาวเกินไป`, `actions.${i}.owner`));
        const due = dueRaw ? readDate(dueRaw, `${label}: กำหนดเสร็จ`, input) : {};
        if (due.error) ctx.addIssue(rowIssue(due.error, `actions.${i}.due`));
        out.push({ action, owner, due: due.iso ?? null });
      });
      return out;
    });

/** Presenters and case studies: name, organisation, one line each; empty rows are dropped. */
const personRowsSchema = (label: string) =>
  z
    .array(rawRow)
    .max(AAR_LIMITS.personRows, `${label}ได้ไม่เกิน ${AAR_LIMITS.personRows} แถว`)
    .optional()
    .default([])
    .transform((rows, ctx) => {
      const out: { name: string; organisation: string; summary: string }[] = [];
      rows.forEach((row, i) => {
        const name = cleanSingleLine(str(row.name));
        const organisation = cleanSingleLine(str(row.organisation));
        const summary = cleanSingleLine(str(row.summary));
        if (!name && !organisation && !summary) return;
        if (!name) ctx.addIssue({ code: 'custom', message: `${label}แถวที่ ${i + 1}: กรุณากรอกชื่อ` });
        if ([name, organisation, summary].some((t) => t.length > AAR_LIMITS.shortText))
          ctx.addIssue({ code: 'custom', message: `${label}แถวที่ ${i + 1}: ข้อความยาวเกินไป` });
        out.push({ name, organisation, summary });
      });
      return out;
    });

/** The event gallery: photos uploaded through /api/uploads, each with its alt text; empty rows are dropped. */
const photosSchema = z
  .array(rawRow)
  .max(AAR_LIMITS.photos, `ภาพกิจกรรมได้ไม่เกิน ${AAR_LIMITS.photos} ภาพ`)
  .optional()
  .default([])
  .transform((rows, ctx) => {
    const out: { src: string; alt: string }[] = [];
    rows.forEach((row, i) => {
      const src = str(row.src).trim();
      const alt = cleanSingleLine(str(row.alt));
      if (!src) return;
      if (!parseImageUrl(src)) ctx.addIssue({ code: 'custom', message: `ภาพที่ ${i + 1}: ใช้ได้เฉพาะภาพที่อัปโหลดผ่านปุ่มเพิ่มภาพ` });
      if (alt.length > AAR_LIMITS.altText)
        ctx.addIssue({ code: 'custom', message: `ภาพที่ ${i + 1}: คำอธิบายภาพยาวเกิน ${AAR_LIMITS.altText} ตัวอักษร` });
      out.push({ src, alt });
    });
    return out;
  });

/** The AAR fields for one way of entering dates (see {@link DateInput}). */
function aarFields(input: DateInput) {
  return z.object({
    eventTitle: line('ชื่องาน/กิจกรรม'),
    startDate: dateField('วันที่จัด', true, input),
    endDate: dateField('วันสุดท้าย', false, input),
    provinceCode: z.string({ required_error: 'กรุณาเลือกจังหวัด' }).trim().min(1, 'กรุณาเลือกจังหวัด'),
    // A provincial AAR (a workshop drawing tambons from across the province) names no district or tambon.
    districtCode: z.union([z.string(), z.undefined(), z.null()]).transform((v) => (v ?? '').trim()),
    subdistrictCode: z.union([z.string(), z.undefined(), z.null()]).transform((v) => (v ?? '').trim()),
    venue: line('สถานที่', false),
    hosts: line('ผู้จัด/เจ้าภาพ'),
    partners: line('ภาคีร่วม', false),
    facilitator: line('คุณอำนวย (ผู้อำนวยความสะดวก)'),
    noteTaker: line('คุณลิขิต (ผู้บันทึก)'),
    targetPeople: count('จำนวนผู้เข้าร่วมที่ตั้งเป้า'),
    actualPeople: count('จำนวนผู้เข้าร่วมจริง'),
    targetTambons: count('จำนวนตำบลที่ตั้งเป้า'),
    actualTambons: count('จำนวนตำบลที่เข้าร่วมจริง'),
    subGroups: subGroupsSchema,
    expected: longText('สิ่งที่คาดหวัง'),
    exceeded: longText('สิ่งที่ได้เกินคาด'),
    fellShort: longText('สิ่งที่ได้น้อยกว่าคาดและสาเหตุ'),
    nextSteps: longText('สิ่งที่จะทำต่อไป'),
    lessons: longText('บทเรียน', false),
    actions: actionsSchema(input),
    presenters: personRowsSchema('ผู้นำเสนอ'),
    caseStudies: personRowsSchema('กรณีศึกษา'),
    photos: photosSchema,
    tags: noteInputSchema.shape.tags,
    licence: noteInputSchema.shape.licence,
    status: noteInputSchema.shape.status,
    eventId: noteInputSchema.shape.eventId,
    acknowledgePersonalData: noteInputSchema.shape.acknowledgePersonalData,
  });
}

/**
 * The AAR schema: every field's errors and the rules across fields at once, so one submit shows
 * every mistake (zod skips an object's refinements while any field is invalid, hence the manual
 * cross-field pass on whatever fields did parse).
 */
function buildAarSchema(input: DateInput) {
  const fields = aarFields(input);
  const field = <K extends keyof typeof fields.shape>(raw: Record<string, unknown>, key: K) => {
    const parsed = fields.shape[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as z.output<(typeof fields.shape)[K]>) : undefined;
  };
  return z.record(z.unknown()).transform((raw, ctx) => {
    const result = fields.safeParse(raw);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as z.IssueData);
    const startDate = field(raw, 'startDate');
    const endDate = field(raw, 'endDate');
    if (endDate && startDate && endDate < startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'วันสุดท้ายต้องไม่ก่อนวันที่เริ่ม' });
    const people = field(raw, 'actualPeople');
    const tambons = field(raw, 'actualTambons');
    // Only when both parsed as "not given": a malformed number already has its own message.
    if (people === null && tambons === null)
      ctx.addIssue({ code: 'custom', path: ['actualPeople'], message: ACTUAL_PARTICIPANTS_RULE_ERROR });
    return result.success ? result.data : z.NEVER;
  });
}

/** The rule the form shows next to the participant counts, and the error when it is broken. */
export const ACTUAL_PARTICIPANTS_RULE = 'ต้องกรอกจำนวนผู้เข้าร่วมจริงอย่างน้อยหนึ่งช่อง: มาจริง (คน) หรือ มาจริง (ตำบล)';
const ACTUAL_PARTICIPANTS_RULE_ERROR = 'กรุณาระบุจำนวนผู้เข้าร่วมจริง (คน หรือ ตำบล อย่างน้อยหนึ่งอย่าง)';

/** The JSON API's AAR: ISO dates only, plausible years only. */
export const aarInputSchema = buildAarSchema('iso');
/** The HTML form's AAR: dates as typed in Buddhist era ("12/03/2568"). */
export const aarFormSchema = buildAarSchema('typed');
export type AarInput = z.output<typeof aarInputSchema>;

/**
 * Turns a flat HTML form post (`subGroups.2.name`, `actions.0.due`, …) into the nested shape the
 * schema reads. Row indexes come from the form, so gaps are kept and messages match what is shown.
 */
export function aarFormToInput(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lists: Record<string, Record<string, string>[]> = { subGroups: [], actions: [], presenters: [], caseStudies: [], photos: [] };
  for (const [key, value] of Object.entries(form)) {
    const match = /^(subGroups|actions|presenters|caseStudies|photos)\.(\d{1,2})\.(\w+)$/.exec(key);
    if (match) {
      const list = lists[match[1]!]!;
      const i = Number(match[2]);
      (list[i] ??= {})[match[3]!] = value;
    } else {
      out[key] = value;
    }
  }
  for (const [name, rows] of Object.entries(lists)) out[name] = Array.from(rows, (row) => row ?? {});
  return out;
}
