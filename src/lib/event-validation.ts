/** Input for events (เวที, อบรม, workshops), shared by the form and the JSON API. */
import { z } from 'zod';
import { dateField, type DateInput } from './aar-validation.ts';
import { cleanMultiline, cleanSingleLine } from './text.ts';

export const EVENT_LIMITS = { titleMax: 200, shortText: 300, programmeMaxBytes: 50 * 1024 } as const;

const line = (label: string, max: number = EVENT_LIMITS.shortText) =>
  z
    .union([z.string(), z.undefined(), z.null()], { invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .transform((v) => cleanSingleLine(v ?? ''))
    .pipe(z.string().max(max, `${label}ยาวเกิน ${max} ตัวอักษร`));

const code = z
  .union([z.string(), z.undefined(), z.null()], { invalid_type_error: 'รหัสพื้นที่ต้องเป็นข้อความ' })
  .transform((v) => (v ?? '').trim());

const fieldsFor = (input: DateInput) => ({
  title: line('ชื่อเวที/กิจกรรม', EVENT_LIMITS.titleMax).pipe(z.string().min(1, 'กรุณาตั้งชื่อเวที/กิจกรรม')),
  startDate: dateField('วันที่จัด', true, input),
  endDate: dateField('วันสุดท้าย', false, input),
  provinceCode: code,
  districtCode: code,
  subdistrictCode: code,
  venue: line('สถานที่'),
  hosts: line('ผู้จัด/เจ้าภาพ'),
  partners: line('ภาคีร่วม'),
  programme: z
    .union([z.string(), z.undefined(), z.null()], { invalid_type_error: 'กำหนดการต้องเป็นข้อความ' })
    .transform((v) => cleanMultiline(v ?? '').trim())
    .refine(
      (v) => Buffer.byteLength(v, 'utf8') <= EVENT_LIMITS.programmeMaxBytes,
      `กำหนดการยาวเกิน ${EVENT_LIMITS.programmeMaxBytes / 1024} KB`,
    ),
  communitySlug: z
    .union([z.string(), z.undefined(), z.null()], { invalid_type_error: 'ชุมชนต้องเป็นข้อความ' })
    .transform((v) => (v ?? '').trim() || null),
});

const datesInOrder = (v: { startDate?: string | null; endDate?: string | null }) => !v.endDate || !v.startDate || v.endDate >= v.startDate;

const inputSchema = (input: DateInput) =>
  z.object(fieldsFor(input)).refine(datesInOrder, { path: ['endDate'], message: 'วันสุดท้ายต้องไม่ก่อนวันที่เริ่ม' });
const patchSchema = (input: DateInput) => z.object(fieldsFor(input)).omit({ communitySlug: true }).partial();

/** The JSON API's event: ISO dates only ('2025-03-12'), years 1907–2107 CE. */
export const eventInputSchema = inputSchema('iso');
/** The HTML form's event: dates as typed in Buddhist era ("12/03/2568", Thai digits too). */
export const eventFormSchema = inputSchema('typed');
export type EventInput = z.output<typeof eventInputSchema>;

/** PATCH: fields given are validated like on create; the community does not change. */
export const eventPatchSchema = patchSchema('iso');
/** The edit form's PATCH, dates typed in Buddhist era. */
export const eventFormPatchSchema = patchSchema('typed');
export type EventPatch = z.output<typeof eventPatchSchema>;

/** The organisers' official AAR of an event: a note id, or null to clear it. */
export const officialAarSchema = z.object({
  noteId: z
    .union([z.number(), z.string(), z.null()], { invalid_type_error: 'AAR ที่เลือกไม่ถูกต้อง' })
    .transform((v) => (v === null || v === '' ? null : Number(v)))
    .pipe(z.number({ invalid_type_error: 'AAR ที่เลือกไม่ถูกต้อง' }).int('AAR ที่เลือกไม่ถูกต้อง').positive('AAR ที่เลือกไม่ถูกต้อง').nullable()),
});
