/** Knowledge assets (issue 26): what POST /api/communities/<slug>/assets and PATCH /api/assets/<id> take. */
import { z } from 'zod';
import { LIMITS, markdownBody, singleLine } from './validation.ts';

/** An asset gathers a community's notes; a hundred sources is already a library, not a summary. */
const ASSET_LIMITS = { sources: 100, storyMax: 2000 } as const;

const noteIds = z
  .array(
    z
      .union([z.number(), z.string()])
      .transform((v) => Number(v))
      .pipe(z.number().int('เลขบันทึกต้นทางไม่ถูกต้อง').positive('เลขบันทึกต้นทางไม่ถูกต้อง').max(Number.MAX_SAFE_INTEGER, 'เลขบันทึกต้นทางไม่ถูกต้อง')),
    { invalid_type_error: 'sourceNoteIds ต้องเป็นรายการเลขบันทึก เช่น [12, 15]' },
  )
  .max(ASSET_LIMITS.sources, `บันทึกต้นทางได้ไม่เกิน ${ASSET_LIMITS.sources} เรื่อง`);

export const assetInputSchema = z.object({
  title: singleLine(LIMITS.titleMax, 'ชื่อคลังความรู้'),
  summary: markdownBody(LIMITS.bodyMaxBytes, 'สรุปความรู้'),
  sourceNoteIds: noteIds.optional().default([]),
});
export type AssetInput = z.infer<typeof assetInputSchema>;

export const assetPatchSchema = z.object({
  title: assetInputSchema.shape.title.optional(),
  summary: assetInputSchema.shape.summary.optional(),
  sourceNoteIds: noteIds.optional(),
  /** The revision the edit started from (like If-Match): a newer one on the server answers 409. */
  revision: z.number({ invalid_type_error: 'revision ต้องเป็นตัวเลขฉบับที่แก้' }).int().positive().optional(),
});
export type AssetPatch = z.infer<typeof assetPatchSchema>;

export const appliedSchema = z.object({
  story: z
    .string({ required_error: 'กรุณาเล่าว่านำไปใช้อย่างไร', invalid_type_error: 'เรื่องเล่าต้องเป็นข้อความ' })
    .trim()
    .min(10, 'กรุณาเล่าว่านำไปใช้ที่ไหน อย่างไร ได้ผลอย่างไร อย่างน้อย 10 ตัวอักษร')
    .max(ASSET_LIMITS.storyMax, `เรื่องเล่ายาวเกิน ${ASSET_LIMITS.storyMax} ตัวอักษร`),
});
