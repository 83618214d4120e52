/** Autosaved drafts: like a note, but the body may still be empty and nothing else is required. */
import { z } from 'zod';
import { cleanMultiline } from './text.ts';
import { LIMITS, noteInputSchema } from './validation.ts';

export const draftInputSchema = z.object({
  title: noteInputSchema.shape.title,
  body: z
    .string({ invalid_type_error: 'เนื้อหาต้องเป็นข้อความ' })
    .optional()
    .default('')
    .transform(cleanMultiline)
    .refine(
      (v) => Buffer.byteLength(v, 'utf8') <= LIMITS.bodyMaxBytes,
      `เนื้อหายาวเกิน ${Math.round(LIMITS.bodyMaxBytes / 1024)} KB กรุณาแบ่งเป็นหลายบันทึก`,
    ),
  tags: noteInputSchema.shape.tags,
  eventId: noteInputSchema.shape.eventId,
});
export type DraftInput = z.infer<typeof draftInputSchema>;

export const previewInputSchema = z.object({
  body: z
    .string({ required_error: 'ไม่มีเนื้อหาให้แสดงตัวอย่าง', invalid_type_error: 'เนื้อหาต้องเป็นข้อความ' })
    .transform(cleanMultiline)
    .refine((v) => Buffer.byteLength(v, 'utf8') <= LIMITS.bodyMaxBytes, `เนื้อหายาวเกิน ${Math.round(LIMITS.bodyMaxBytes / 1024)} KB`),
});
