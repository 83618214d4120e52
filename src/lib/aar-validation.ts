/**
 * The AAR (After Action Review, การทบทวนหลังปฏิบัติ) input schema, shared by the form and the JSON
 * API. Messages are Thai and name the row ("กลุ่มย่อยที่ 3: …") so an organiser finds the mistake.
 */
import { z } from 'zod';
import { cleanMultiline, cleanSingleLine } from './text.ts';
import { noteInputSchema } from './validation.ts';

export const AAR_LIMITS = {
  shortText: 200,
  longText: 10_000,
  subGroups: 50,
  actions: 50,
  people: 1_000_000,
  personRows: 50,
} as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date 'YYYY-MM-DD' (rejects 2024-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const line = (label: string, required = true) =>
  z.union([z.string(), z.undefined(), z.null()]).transform((v) => cleanSingleLine(v ?? ''))
    .pipe(required
      ? z.string().min(1, `กรุณากรอก${label}`).max(AAR_LIMITS.shortText, `${label}ยาวเกิน ${AAR_LIMITS.shortText} ตัวอักษร`)
      : z.string().max(AAR_LIMITS.shortText, `${label}ยาวเกิน ${AAR_LIMITS.shortText} ตัวอักษร`));

const longText = (label: string, required = true) =>
  z.union([z.string(), z.undefined(), z.null()]).transform((v) => cleanMultiline(v ?? '').trim())
    .pipe(required
      ? z.string().min(1, `กรุณาเขียน${label}`).max(AAR_LIMITS.longText, `${label}ยาวเกิน ${AAR_LIMITS.longText} ตัวอักษร`)
      : z.string().max(AAR_LIMITS.longText, `${label}ยาวเกิน ${AAR_LIMITS.longText} ตัวอักษร`));

/** A count of people or tambons: empty means "not given"; otherwise a whole number from 0. */
const count = (label: string) =>
  z.union([z.number(), z.string(), z.undefined(), z.null()])
    .transform((v) => (v == null || (typeof v === 'string' && v.trim() === '') ? null : Number(typeof v === 'string' ? v.trim() : v)))
    .pipe(z.number({ invalid_type_error: `${label}ต้องเป็นตัวเลข` }).int(`${label}ต้องเป็นจำนวนเต็ม`)
      .min(0, `${label}ต้องไม่ติดลบ`).max(AAR_LIMITS.people, `${label}มากเกินไป`).nullable());

const date = (label: string, required: boolean) =>
  z.union([z.string(), z.undefined(), z.null()]).transform((v) => (v ?? '').trim() || null)
    .refine((v) => (v == null ? !required : isCalendarDate(v)), (v) => ({ message: v == null ? `กรุณาระบุ${label}` : `${label}ไม่ถูกต้อง (ปี-เดือน-วัน)` }));

const rawRow = z.record(z.unknown());
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Sub-groups: rows left completely empty are dropped (the form always shows a few spare rows). */
const subGroupsSchema = z.array(rawRow).max(AAR_LIMITS.subGroups, `กลุ่มย่อยได้ไม่เกิน ${AAR_LIMITS.subGroups} กลุ่ม`).optional().default([])
  .transform((rows, ctx) => {
    const out: { name: string; people: number | null; topic: string }[] = [];
    rows.forEach((row, i) => {
      const name = cleanSingleLine(str(row.name));
      const topic = cleanSingleLine(str(row.topic));
      const peopleRaw = str(row.people).trim();
      if (!name && !topic && !peopleRaw) return;
      const label = `กลุ่มย่อยที่ ${i + 1}`;
      if (!name) ctx.addIssue({ code: 'custom', message: `${label}: กรุณากรอกชื่อกลุ่ม` });
      if (name.length > AAR_LIMITS.shortText || topic.length > AAR_LIMITS.shortText) ctx.addIssue({ code: 'custom', message: `${label}: ข้อความยาวเกินไป` });
      const people = peopleRaw === '' ? null : Number(peopleRaw);
      if (people !== null && (!Number.isInteger(people) || people < 0 || people > AAR_LIMITS.people)) {
        ctx.addIssue({ code: 'custom', message: `${label}: จำนวนคนต้องเป็นจำนวนเต็มตั้งแต่ 0` });
      }
      out.push({ name, people, topic });
    });
    return out;
  });

const actionsSchema = z.array(rawRow).max(AAR_LIMITS.actions, `สิ่งที่จะทำต่อได้ไม่เกิน ${AAR_LIMITS.actions} ข้อ`).optional().default([])
  .transform((rows, ctx) => {
    const out: { action: string; owner: string; due: string | null }[] = [];
    rows.forEach((row, i) => {
      const action = cleanSingleLine(str(row.action));
      const owner = cleanSingleLine(str(row.owner));
      const due = str(row.due).trim() || null;
      if (!action && !owner && !due) return;
      const label = `สิ่งที่จะทำต่อข้อที่ ${i + 1}`;
      if (!action) ctx.addIssue({ code: 'custom', message: `${label}: กรุณาระบุสิ่งที่จะทำ` });
      if (!owner) ctx.addIssue({ code: 'custom', message: `${label}: กรุณาระบุผู้รับผิดชอบ` });
      if (action.length > AAR_LIMITS.shortText || owner.length > AAR_LIMITS.shortText) ctx.addIssue({ code: 'custom', message: `${label}: ข้อความยาวเกินไป` });
      if (due && !isCalendarDate(due)) ctx.addIssue({ code: 'custom', message: `${label}: กำหนดเสร็จไม่ถูกต้อง` });
      out.push({ action, owner, due });
    });
    return out;
  });

/** Presenters and case studies: name, organisation, one line each; empty rows are dropped. */
const personRowsSchema = (label: string) => z.array(rawRow).max(AAR_LIMITS.personRows, `${label}ได้ไม่เกิน ${AAR_LIMITS.personRows} แถว`).optional().default([])
  .transform((rows, ctx) => {
    const out: { name: string; organisation: string; summary: string }[] = [];
    rows.forEach((row, i) => {
      const name = cleanSingleLine(str(row.name));
      const organisation = cleanSingleLine(str(row.organisation));
      const summary = cleanSingleLine(str(row.summary));
      if (!name && !organisation && !summary) return;
      if (!name) ctx.addIssue({ code: 'custom', message: `${label}แถวที่ ${i + 1}: กรุณากรอกชื่อ` });
      if ([name, organisation, summary].some((t) => t.length > AAR_LIMITS.shortText)) ctx.addIssue({ code: 'custom', message: `${label}แถวที่ ${i + 1}: ข้อความยาวเกินไป` });
      out.push({ name, organisation, summary });
    });
    return out;
  });

export const aarInputSchema = z.object({
  eventTitle: line('ชื่องาน/กิจกรรม'),
  startDate: date('วันที่จัด', true),
  endDate: date('วันสุดท้าย', false),
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
  actions: actionsSchema,
  presenters: personRowsSchema('ผู้นำเสนอ'),
  caseStudies: personRowsSchema('กรณีศึกษา'),
  tags: noteInputSchema.shape.tags,
  licence: noteInputSchema.shape.licence,
  status: noteInputSchema.shape.status,
  eventId: noteInputSchema.shape.eventId,
}).superRefine((v, ctx) => {
  if (v.endDate && v.startDate && v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'วันสุดท้ายต้องไม่ก่อนวันที่เริ่ม' });
  if (v.actualPeople == null && v.actualTambons == null) {
    ctx.addIssue({ code: 'custom', path: ['actualPeople'], message: 'กรุณาระบุจำนวนผู้เข้าร่วมจริง (คน หรือ ตำบล อย่างน้อยหนึ่งอย่าง)' });
  }
});
export type AarInput = z.output<typeof aarInputSchema>;

/**
 * Turns a flat HTML form post (`subGroups.2.name`, `actions.0.due`, …) into the nested shape the
 * schema reads. Row indexes come from the form, so gaps are kept and messages match what is shown.
 */
export function aarFormToInput(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lists: Record<string, Record<string, string>[]> = { subGroups: [], actions: [], presenters: [], caseStudies: [] };
  for (const [key, value] of Object.entries(form)) {
    const match = /^(subGroups|actions|presenters|caseStudies)\.(\d{1,2})\.(\w+)$/.exec(key);
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
