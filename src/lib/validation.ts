/**
 * Input schemas shared by forms and the JSON API, with messages written in Thai for people.
 * Validate once here at the edge; library functions take the parsed, typed result.
 */
import { z } from 'zod';
import { LICENCE_IDS, DEFAULT_LICENCE } from './licences.ts';
import { cleanMultiline, cleanSingleLine, hasInvisibleCharacters } from './text.ts';
import { cleanTagName, splitTags, uniqueTags } from './tag-key.ts';
import { expertiseSchema } from './people-validation.ts';

export const LIMITS = {
  usernameMin: 3,
  usernameMax: 30,
  displayNameMax: 80,
  passwordMin: 8,
  passwordMax: 200,
  titleMax: 200,
  bodyMaxBytes: 200 * 1024,
  commentMaxBytes: 20 * 1024,
  tagMax: 50,
  tagsPerNote: 10,
  profileFieldMax: 120,
  bioMax: 2_000,
  reportReasonMin: 3,
  reportReasonMax: 1_000,
} as const;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');
export const singleLine = (max: number, label: string) =>
  z
    .string({ required_error: `กรุณากรอก${label}`, invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .transform(cleanSingleLine)
    .pipe(z.string().min(1, `กรุณากรอก${label}`).max(max, `${label}ยาวเกิน ${max} ตัวอักษร`));
const optionalSingleLine = (max: number, label: string) =>
  z
    .string({ invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .optional()
    .nullable()
    .transform((v) => (v == null ? null : cleanSingleLine(v) || null))
    .pipe(z.string().max(max, `${label}ยาวเกิน ${max} ตัวอักษร`).nullable());

export const usernameSchema = z
  .string({ required_error: 'กรุณากรอกชื่อผู้ใช้', invalid_type_error: 'ชื่อผู้ใช้ต้องเป็นข้อความ' })
  .refine((v) => !hasInvisibleCharacters(v), 'ชื่อผู้ใช้มีอักขระที่มองไม่เห็น กรุณาพิมพ์ใหม่')
  .transform((v) => v.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(LIMITS.usernameMin, `ชื่อผู้ใช้ต้องยาวอย่างน้อย ${LIMITS.usernameMin} ตัวอักษร`)
      .max(LIMITS.usernameMax, `ชื่อผู้ใช้ยาวได้ไม่เกิน ${LIMITS.usernameMax} ตัวอักษร`)
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'ชื่อผู้ใช้ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ _ . - (ขึ้นต้นด้วยอักษรหรือตัวเลข)'),
  );

const passwordSchema = z
  .string({ required_error: 'กรุณากรอกรหัสผ่าน', invalid_type_error: 'รหัสผ่านต้องเป็นข้อความ' })
  .min(LIMITS.passwordMin, `รหัสผ่านต้องยาวอย่างน้อย ${LIMITS.passwordMin} ตัวอักษร`)
  .max(LIMITS.passwordMax, `รหัสผ่านยาวได้ไม่เกิน ${LIMITS.passwordMax} ตัวอักษร`);

const emailSchema = z
  .string({ invalid_type_error: 'อีเมลต้องเป็นข้อความ' })
  .optional()
  .nullable()
  .transform((v) => (v == null ? null : v.trim().toLowerCase() || null))
  .pipe(z.string().email('รูปแบบอีเมลไม่ถูกต้อง เช่น name@example.com').max(254, 'อีเมลยาวเกินไป').nullable());

export const registerSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  displayName: singleLine(LIMITS.displayNameMax, 'ชื่อที่แสดง'),
  email: emailSchema,
  organisation: optionalSingleLine(LIMITS.profileFieldMax, 'หน่วยงาน'),
  province: optionalSingleLine(LIMITS.profileFieldMax, 'จังหวัด'),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  username: z
    .string({ required_error: 'กรุณากรอกชื่อผู้ใช้' })
    .transform((v) => v.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, 'กรุณากรอกชื่อผู้ใช้')
        .max(LIMITS.usernameMax * 4, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง'),
    ),
  password: z.string({ required_error: 'กรุณากรอกรหัสผ่าน' }).min(1, 'กรุณากรอกรหัสผ่าน').max(LIMITS.passwordMax, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง'),
});

export const profileSchema = z.object({
  displayName: singleLine(LIMITS.displayNameMax, 'ชื่อที่แสดง'),
  organisation: optionalSingleLine(LIMITS.profileFieldMax, 'หน่วยงาน'),
  province: optionalSingleLine(LIMITS.profileFieldMax, 'จังหวัด'),
  bio: z
    .string()
    .optional()
    .nullable()
    .transform((v) => (v == null ? null : cleanMultiline(v).trim() || null))
    .pipe(z.string().max(LIMITS.bioMax, `แนะนำตัวยาวเกิน ${LIMITS.bioMax} ตัวอักษร`).nullable()),
  position: optionalSingleLine(LIMITS.profileFieldMax, 'ตำแหน่ง'),
  expertise: expertiseSchema,
  /**
   * "on" (form) or true (JSON) hides the member from /people, false shows them: recorded as the
   * directory consent (src/lib/server/consent.ts). Absent: unchanged (settings has its own switch).
   */
  hiddenFromDirectory: z
    .union([z.boolean(), z.string()])
    .optional()
    .nullable()
    .transform((v) => (v == null ? undefined : v === true || v === 'on' || v === 'true')),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string({ required_error: 'กรุณากรอกรหัสผ่านเดิม' }).min(1, 'กรุณากรอกรหัสผ่านเดิม'),
  newPassword: passwordSchema,
});

/**
 * Tags arrive as an array (API) or one string as typed (form: commas, spaces, "#a #b"). Spellings
 * of one tag ("AAR", "aar") count once, the first kept; see src/lib/tag-key.ts.
 */
const tagsSchema = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) =>
    v == null ? [] : Array.isArray(v) ? v.map((t) => cleanTagName(cleanSingleLine(t))) : splitTags(cleanSingleLine(v.replace(/\n/g, ','))),
  )
  .transform((list) => uniqueTags(list.filter(Boolean)))
  .pipe(
    z
      .array(
        z
          .string()
          .max(LIMITS.tagMax, `ป้ายคำยาวได้ไม่เกิน ${LIMITS.tagMax} ตัวอักษร`)
          .regex(/^[^/?#%\\<>"]+$/u, 'ป้ายคำมีอักขระที่ใช้ไม่ได้ (/ ? # % \\ < > ")'),
      )
      .max(LIMITS.tagsPerNote, `ใส่ป้ายคำได้ไม่เกิน ${LIMITS.tagsPerNote} คำ`),
  );

export const markdownBody = (maxBytes: number, label: string) =>
  z
    .string({ required_error: `กรุณาเขียน${label}`, invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .transform(cleanMultiline)
    .pipe(
      z
        .string()
        .refine((v) => v.trim().length > 0, `กรุณาเขียน${label}`)
        .refine((v) => byteLength(v) <= maxBytes, `${label}ยาวเกิน ${Math.round(maxBytes / 1024)} KB กรุณาแบ่งเป็นหลายบันทึก`),
    );

/** A note's link to an event: a positive id, or null / '' to unlink. */
const eventIdSchema = z
  .union([z.number(), z.string(), z.null()], { invalid_type_error: 'เวทีที่เลือกไม่ถูกต้อง' })
  .transform((v) => (v === null || v === '' ? null : Number(v)))
  .pipe(
    z
      .number({ invalid_type_error: 'เวทีที่เลือกไม่ถูกต้อง' })
      .int('เวทีที่เลือกไม่ถูกต้อง')
      .positive('เวทีที่เลือกไม่ถูกต้อง')
      .max(Number.MAX_SAFE_INTEGER, 'เวทีที่เลือกไม่ถูกต้อง')
      .nullable(),
  );

/**
 * The writer confirms that personal data in the text may be published (a Thai ID number, src/lib/personal-data.ts):
 * true in JSON, a ticked checkbox ("on") on a form.
 */
const acknowledgeSchema = z
  .union([z.boolean(), z.string()])
  .optional()
  // undefined rather than false, so callers building inputs in code need not name it
  .transform((v) => (v === true || v === 'on' || v === 'true' ? true : undefined));

export const noteInputSchema = z.object({
  title: singleLine(LIMITS.titleMax, 'ชื่อบันทึก'),
  body: markdownBody(LIMITS.bodyMaxBytes, 'เนื้อหาบันทึก'),
  tags: tagsSchema,
  licence: z
    .enum(LICENCE_IDS, { errorMap: () => ({ message: 'กรุณาเลือกสัญญาอนุญาตจากรายการ' }) })
    .optional()
    .default(DEFAULT_LICENCE),
  status: z
    .enum(['draft', 'published'], { errorMap: () => ({ message: 'สถานะต้องเป็น "ร่าง" หรือ "เผยแพร่"' }) })
    .optional()
    .default('published'),
  /** The event this note is about (its page gathers the notes); absent or null: none. */
  eventId: eventIdSchema.optional(),
  acknowledgePersonalData: acknowledgeSchema,
});
export type NoteInput = z.infer<typeof noteInputSchema>;
/** POST /api/notes: a note, or a question to the network (kind "question", issue 26); AARs have their own route. */
export const noteCreateSchema = noteInputSchema.extend({
  kind: z
    .enum(['note', 'question'], { errorMap: () => ({ message: 'ชนิดต้องเป็น "note" (บันทึก) หรือ "question" (ถามเครือข่าย)' }) })
    .optional()
    .default('note'),
});
/** PATCH: every field optional, but those given are validated like on create. */
export const notePatchSchema = noteInputSchema.partial().extend({
  licence: noteInputSchema.shape.licence.removeDefault().optional(),
  status: noteInputSchema.shape.status.removeDefault().optional(),
});
export type NotePatch = z.infer<typeof notePatchSchema>;

export const commentInputSchema = z.object({
  body: markdownBody(LIMITS.commentMaxBytes, 'ความเห็น'),
  parentId: z
    .union([z.number(), z.string()])
    .optional()
    .nullable()
    .transform((v) => (v == null || v === '' ? null : Number(v)))
    .pipe(z.number({ invalid_type_error: 'ความเห็นที่ตอบไม่ถูกต้อง' }).int('ความเห็นที่ตอบไม่ถูกต้อง').positive('ความเห็นที่ตอบไม่ถูกต้อง').nullable()),
  acknowledgePersonalData: acknowledgeSchema,
});
export type CommentInput = z.infer<typeof commentInputSchema>;

export const reportSchema = z.object({
  targetType: z.enum(['note', 'comment'], { errorMap: () => ({ message: 'สิ่งที่รายงานต้องเป็นบันทึกหรือความเห็น' }) }),
  targetId: z
    .union([z.number(), z.string()])
    .transform((v) => Number(v))
    .pipe(z.number().int('ไม่พบเนื้อหาที่รายงาน').positive('ไม่พบเนื้อหาที่รายงาน').max(Number.MAX_SAFE_INTEGER, 'ไม่พบเนื้อหาที่รายงาน')),
  reason: z
    .string({ required_error: 'กรุณาบอกเหตุผลที่รายงาน', invalid_type_error: 'เหตุผลต้องเป็นข้อความ' })
    .transform(cleanSingleLine)
    .pipe(
      z
        .string()
        .min(LIMITS.reportReasonMin, `กรุณาบอกเหตุผลอย่างน้อย ${LIMITS.reportReasonMin} ตัวอักษร`)
        .max(LIMITS.reportReasonMax, `เหตุผลยาวได้ไม่เกิน ${LIMITS.reportReasonMax} ตัวอักษร`),
    ),
});
export type ReportInput = z.infer<typeof reportSchema>;

/** "Forgot password": a username or an email address (the answer is the same either way). */
export const passwordResetRequestSchema = z.object({
  login: z
    .string({ required_error: 'กรุณากรอกชื่อผู้ใช้หรืออีเมล', invalid_type_error: 'ชื่อผู้ใช้หรืออีเมลต้องเป็นข้อความ' })
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.string().min(1, 'กรุณากรอกชื่อผู้ใช้หรืออีเมล').max(254, 'ชื่อผู้ใช้หรืออีเมลยาวเกินไป')),
});

export const passwordResetSchema = z.object({
  token: z
    .string({ required_error: 'ลิงก์ตั้งรหัสผ่านใหม่ไม่ถูกต้อง', invalid_type_error: 'ลิงก์ตั้งรหัสผ่านใหม่ไม่ถูกต้อง' })
    .regex(/^[a-z2-7]{20,80}$/, 'ลิงก์ตั้งรหัสผ่านใหม่ไม่ถูกต้องหรือหมดอายุแล้ว กรุณาขอลิงก์ใหม่'),
  newPassword: passwordSchema,
});

export const changeEmailSchema = z.object({
  currentPassword: z
    .string({ required_error: 'กรุณากรอกรหัสผ่านปัจจุบัน', invalid_type_error: 'รหัสผ่านต้องเป็นข้อความ' })
    .min(1, 'กรุณากรอกรหัสผ่านปัจจุบัน')
    .max(LIMITS.passwordMax, 'รหัสผ่านไม่ถูกต้อง'),
  email: emailSchema,
});

const queueTargetSchema = z.object({
  type: z.enum(['note', 'comment'], { errorMap: () => ({ message: 'รายการที่เลือกไม่ถูกต้อง' }) }),
  id: z.number({ invalid_type_error: 'รายการที่เลือกไม่ถูกต้อง' }).int().positive().max(Number.MAX_SAFE_INTEGER),
});

/** A moderator's action: on queue items (`targets`) or on an account (`userId`). */
/** Ready reasons the queue and the note page offer; a moderator may write their own. */
export const MODERATION_REASONS = ['ข้อมูลส่วนบุคคล', 'โฆษณา', 'ไม่สุภาพ', 'ไม่เกี่ยวกับการจัดการความรู้'] as const;
/** Why a moderator hid something, told to its author (issue 24); optional, Thai text. */
export const moderationReasonSchema = z
  .string({ invalid_type_error: 'เหตุผลต้องเป็นข้อความ' })
  .transform((v) => cleanSingleLine(v))
  .pipe(z.string().max(LIMITS.reportReasonMax, `เหตุผลยาวได้ไม่เกิน ${LIMITS.reportReasonMax} ตัวอักษร`))
  .optional();

export const moderationActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.enum(['approve', 'hide', 'restore', 'dismiss']),
      targets: z.array(queueTargetSchema).min(1, 'กรุณาเลือกอย่างน้อยหนึ่งรายการ').max(500, 'เลือกได้ครั้งละไม่เกิน 500 รายการ'),
      reason: moderationReasonSchema,
    }),
    z.object({
      action: z.enum(['suspend', 'unsuspend', 'purge']),
      userId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      reason: z.string().max(LIMITS.reportReasonMax).optional(),
    }),
  ],
  { errorMap: () => ({ message: 'คำสั่งสำหรับผู้ดูแลไม่ถูกต้อง' }) },
);
export type ModerationActionInput = z.infer<typeof moderationActionSchema>;

/** Queue items arrive from the form as "comment:12" checkbox values. */
export function parseQueueTargets(values: string[]): { type: 'note' | 'comment'; id: number }[] {
  return values.flatMap((v) => {
    const match = /^(note|comment):(\d{1,15})$/.exec(v);
    return match ? [{ type: match[1] as 'note' | 'comment', id: Number(match[2]) }] : [];
  });
}

export type FieldErrors = Record<string, string>;

/** Flattens zod issues to one Thai message per field, for showing beside each form field. */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    fields[key] ??= issue.message;
  }
  return fields;
}
