/** Input for series (ชุดบันทึก), shared by the forms and the JSON API. */
import { z } from 'zod';
import { cleanMultiline, cleanSingleLine } from './text.ts';

export const SERIES_LIMITS = { titleMin: 3, titleMax: 120, descriptionMax: 2_000, notesMax: 200 } as const;

const title = z
  .string({ required_error: 'กรุณาตั้งชื่อชุดบันทึก', invalid_type_error: 'ชื่อชุดบันทึกต้องเป็นข้อความ' })
  .transform(cleanSingleLine)
  .pipe(
    z
      .string()
      .min(SERIES_LIMITS.titleMin, `ชื่อชุดบันทึกต้องยาวอย่างน้อย ${SERIES_LIMITS.titleMin} ตัวอักษร`)
      .max(SERIES_LIMITS.titleMax, `ชื่อชุดบันทึกยาวได้ไม่เกิน ${SERIES_LIMITS.titleMax} ตัวอักษร`),
  );
const description = z
  .string({ invalid_type_error: 'คำอธิบายต้องเป็นข้อความ' })
  .optional()
  .nullable()
  .transform((v) => cleanMultiline(v ?? '').trim())
  .pipe(z.string().max(SERIES_LIMITS.descriptionMax, `คำอธิบายยาวได้ไม่เกิน ${SERIES_LIMITS.descriptionMax} ตัวอักษร`));
const noteIds = z
  .array(
    z
      .number({ invalid_type_error: 'รายการบันทึกต้องเป็นเลขที่บันทึก' })
      .int('เลขที่บันทึกไม่ถูกต้อง')
      .positive('เลขที่บันทึกไม่ถูกต้อง')
      .max(Number.MAX_SAFE_INTEGER),
  )
  .max(SERIES_LIMITS.notesMax, `ชุดหนึ่งมีได้ไม่เกิน ${SERIES_LIMITS.notesMax} ตอน`)
  .refine((ids) => new Set(ids).size === ids.length, 'บันทึกหนึ่งอยู่ในชุดได้ครั้งเดียว');

export const seriesInputSchema = z.object({ title, description, noteIds: noteIds.optional().default([]) });
export type SeriesInput = z.infer<typeof seriesInputSchema>;
export const seriesPatchSchema = z.object({ title: title.optional(), description: description.optional(), noteIds: noteIds.optional() });
export type SeriesPatch = z.infer<typeof seriesPatchSchema>;
