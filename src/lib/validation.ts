/**
 * Input schemas shared by forms and the JSON API, with messages written in Thai for people.
 * Validate once here at the edge; library functions take the parsed, typed result.
 */
import { z } from 'zod';
import { LICENCE_IDS, DEFAULT_LICENCE } from './licences.ts';
import { cleanMultiline, cleanSingleLine, hasInvisibleCharacters } from './text.ts';

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
} as const;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');
const singleLine = (max: number, label: string) =>
  z.string({ required_error: `กรุณากรอก${label}`, invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .transform(cleanSingleLine)
    .pipe(z.string().min(1, `กรุณากรอก${label}`).max(max, `${label}ยาวเกิน ${max} ตัวอักษร`));
const optionalSingleLine = (max: number, label: string) =>
  z.string({ invalid_type_error: `${label}ต้องเป็นข้อความ` }).optional().nullable()
    .transform((v) => (v == null ? null : cleanSingleLine(v) || null))
    .pipe(z.string().max(max, `${label}ยาวเกิน ${max} ตัวอักษร`).nullable());

export const usernameSchema = z.string({ required_error: 'กรุณากรอกชื่อผู้ใช้', invalid_type_error: 'ชื่อผู้ใช้ต้องเป็นข้อความ' })
  .refine((v) => !hasInvisibleCharacters(v), 'ชื่อผู้ใช้มีอักขระที่มองไม่เห็น กรุณาพิมพ์ใหม่')
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.string()
    .min(LIMITS.usernameMin, `ชื่อผู้ใช้ต้องยาวอย่างน้อย ${LIMITS.usernameMin} ตัวอักษร`)
    .max(LIMITS.usernameMax, `ชื่อผู้ใช้ยาวได้ไม่เกิน ${LIMITS.usernameMax} ตัวอักษร`)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'ชื่อผู้ใช้ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ _ . - (ขึ้นต้นด้วยอักษรหรือตัวเลข)'));

export const passwordSchema = z.string({ required_error: 'กรุณากรอกรหัสผ่าน', invalid_type_error: 'รหัสผ่านต้องเป็นข้อความ' })
  .min(LIMITS.passwordMin, `รหัสผ่านต้องยาวอย่างน้อย ${LIMITS.passwordMin} ตัวอักษร`)
  .max(LIMITS.passwordMax, `รหัสผ่านยาวได้ไม่เกิน ${LIMITS.passwordMax} ตัวอักษร`);

const emailSchema = z.string().optional().nullable()
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
  username: z.string({ required_error: 'กรุณากรอกชื่อผู้ใช้' }).transform((v) => v.trim().toLowerCase()).pipe(z.string().min(1, 'กรุณากรอกชื่อผู้ใช้').max(LIMITS.usernameMax * 4, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง')),
  password: z.string({ required_error: 'กรุณากรอกรหัสผ่าน' }).min(1, 'กรุณากรอกรหัสผ่าน').max(LIMITS.passwordMax, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง'),
});

export const profileSchema = z.object({
  displayName: singleLine(LIMITS.displayNameMax, 'ชื่อที่แสดง'),
  organisation: optionalSingleLine(LIMITS.profileFieldMax, 'หน่วยงาน'),
  province: optionalSingleLine(LIMITS.profileFieldMax, 'จังหวัด'),
  bio: z.string().optional().nullable().transform((v) => (v == null ? null : cleanMultiline(v).trim() || null))
    .pipe(z.string().max(LIMITS.bioMax, `แนะนำตัวยาวเกิน ${LIMITS.bioMax} ตัวอักษร`).nullable()),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string({ required_error: 'กรุณากรอกรหัสผ่านเดิม' }).min(1, 'กรุณากรอกรหัสผ่านเดิม'),
  newPassword: passwordSchema,
});

/** Tags arrive as an array (API) or one comma-separated string (form). */
const tagsSchema = z.union([z.array(z.string()), z.string()]).optional()
  .transform((v) => (v == null ? [] : Array.isArray(v) ? v : v.split(/[,،\n]/)))
  .transform((list) => [...new Set(list.map((t) => cleanSingleLine(t).replace(/^#/, '').toLowerCase()).filter(Boolean))])
  .pipe(z.array(z.string().max(LIMITS.tagMax, `ป้ายคำยาวได้ไม่เกิน ${LIMITS.tagMax} ตัวอักษร`).regex(/^[^/?#%\\<>"]+$/u, 'ป้ายคำมีอักขระที่ใช้ไม่ได้ (/ ? # % \\ < > ")'))
    .max(LIMITS.tagsPerNote, `ใส่ป้ายคำได้ไม่เกิน ${LIMITS.tagsPerNote} คำ`));

const markdownBody = (maxBytes: number, label: string) =>
  z.string({ required_error: `กรุณาเขียน${label}`, invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .transform(cleanMultiline)
    .pipe(z.string()
      .refine((v) => v.trim().length > 0, `กรุณาเขียน${label}`)
      .refine((v) => byteLength(v) <= maxBytes, `${label}ยาวเกิน ${Math.round(maxBytes / 1024)} KB กรุณาแบ่งเป็นหลายบันทึก`));

export const noteInputSchema = z.object({
  title: singleLine(LIMITS.titleMax, 'ชื่อบันทึก'),
  body: markdownBody(LIMITS.bodyMaxBytes, 'เนื้อหาบันทึก'),
  tags: tagsSchema,
  licence: z.enum(LICENCE_IDS, { errorMap: () => ({ message: 'กรุณาเลือกสัญญาอนุญาตจากรายการ' }) }).optional().default(DEFAULT_LICENCE),
  status: z.enum(['draft', 'published'], { errorMap: () => ({ message: 'สถานะต้องเป็น "ร่าง" หรือ "เผยแพร่"' }) }).optional().default('published'),
});
export type NoteInput = z.infer<typeof noteInputSchema>;
/** PATCH: every field optional, but those given are validated like on create. */
export const notePatchSchema = noteInputSchema.partial().extend({
  licence: noteInputSchema.shape.licence.removeDefault().optional(),
  status: noteInputSchema.shape.status.removeDefault().optional(),
});
export type NotePatch = z.infer<typeof notePatchSchema>;

export const commentInputSchema = z.object({
  body: markdownBody(LIMITS.commentMaxBytes, 'ความเห็น'),
  parentId: z.union([z.number(), z.string()]).optional().nullable()
    .transform((v) => (v == null || v === '' ? null : Number(v)))
    .pipe(z.number({ invalid_type_error: 'ความเห็นที่ตอบไม่ถูกต้อง' }).int('ความเห็นที่ตอบไม่ถูกต้อง').positive('ความเห็นที่ตอบไม่ถูกต้อง').nullable()),
});
export type CommentInput = z.infer<typeof commentInputSchema>;

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
