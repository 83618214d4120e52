/**
 * An AAR form autosaved to the server: the form's fields as posted, unchecked (a draft may be
 * half-filled), but bounded in names, count and size.
 */
import { z } from 'zod';

/** Largest draft kept, in UTF-8 bytes of its values: a full AAR in Thai is under 200 KB. */
export const AAR_DRAFT_MAX_BYTES = 512 * 1024;
/** More inputs than any AAR form has (five 50-row lists of three fields, plus the rest). */
const MAX_FIELDS = 1_000;
/** Form input names: "eventTitle", "subGroups.12.name". */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}(?:\.\d{1,2}\.[A-Za-z]{1,20})?$/;

const aarDraftValuesSchema = z
  .record(z.string({ invalid_type_error: 'ค่าในแบบฟอร์มต้องเป็นข้อความ' }), {
    required_error: 'ไม่มีข้อมูลแบบฟอร์มให้บันทึก',
    invalid_type_error: 'ข้อมูลแบบฟอร์มต้องเป็นออบเจ็กต์ของชื่อช่องและข้อความ',
  })
  .superRefine((values, ctx) => {
    const names = Object.keys(values);
    if (names.length > MAX_FIELDS) ctx.addIssue({ code: 'custom', message: `ฉบับร่างมีช่องมากเกิน ${MAX_FIELDS} ช่อง` });
    const bad = names.find((name) => !FIELD_NAME.test(name));
    if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `ชื่อช่อง "${bad.slice(0, 40)}" ไม่ใช่ช่องของแบบฟอร์ม AAR` });
  });

/**
 * The `savedAt` of the server copy this device last saw (0: it saw none). When the server holds a
 * newer copy (saved from another device), the save is refused with 409 and that copy, so an older
 * form never overwrites a newer draft (issue 24, point 10). Absent: overwrite, as before.
 */
const baseSavedAtSchema = z.number({ invalid_type_error: 'baseSavedAt ต้องเป็นเวลา (มิลลิวินาที)' }).int().nonnegative().optional();

export const aarDraftInputSchema = z.object({
  /** The AAR being edited; absent or null for a new AAR. */
  noteId: z.number({ invalid_type_error: 'noteId ต้องเป็นเลขของ AAR' }).int().positive().nullable().optional().default(null),
  values: aarDraftValuesSchema,
  baseSavedAt: baseSavedAtSchema,
});
export type AarDraftInput = z.infer<typeof aarDraftInputSchema>;

export const aarDraftUpdateSchema = z.object({ values: aarDraftValuesSchema, baseSavedAt: baseSavedAtSchema });
