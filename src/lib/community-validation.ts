/** Input for creating a community (ชุมชนนักปฏิบัติ), shared by the form and the JSON API. */
import { z } from 'zod';
import { cleanMultiline, cleanSingleLine } from './text.ts';

export const COMMUNITY_LIMITS = { nameMin: 3, nameMax: 80, descriptionMax: 2_000 } as const;

export const communityInputSchema = z.object({
  name: z.string({ required_error: 'กรุณาตั้งชื่อชุมชน', invalid_type_error: 'ชื่อชุมชนต้องเป็นข้อความ' }).transform(cleanSingleLine)
    .pipe(z.string().min(COMMUNITY_LIMITS.nameMin, `ชื่อชุมชนต้องยาวอย่างน้อย ${COMMUNITY_LIMITS.nameMin} ตัวอักษร`)
      .max(COMMUNITY_LIMITS.nameMax, `ชื่อชุมชนยาวได้ไม่เกิน ${COMMUNITY_LIMITS.nameMax} ตัวอักษร`)),
  description: z.string({ invalid_type_error: 'คำอธิบายต้องเป็นข้อความ' }).optional().nullable()
    .transform((v) => cleanMultiline(v ?? '').trim())
    .pipe(z.string().max(COMMUNITY_LIMITS.descriptionMax, `คำอธิบายยาวได้ไม่เกิน ${COMMUNITY_LIMITS.descriptionMax} ตัวอักษร`)),
});
export type CommunityInput = z.infer<typeof communityInputSchema>;

export const noteIdSchema = z.object({
  noteId: z.union([z.number(), z.string()]).transform((v) => Number(v))
    .pipe(z.number({ invalid_type_error: 'ไม่พบบันทึกนี้' }).int('ไม่พบบันทึกนี้').positive('ไม่พบบันทึกนี้')),
});
