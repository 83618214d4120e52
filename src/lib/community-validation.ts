/** Input for creating and managing a community (ชุมชนนักปฏิบัติ), shared by the forms and the JSON API. */
import { z } from 'zod';
import { JOIN_POLICIES } from '~db/schema.ts';
import { cleanMultiline, cleanSingleLine } from './text.ts';
import { usernameSchema } from './validation.ts';

export const COMMUNITY_LIMITS = { nameMin: 3, nameMax: 80, descriptionMax: 2_000 } as const;

const nameSchema = z
  .string({ required_error: 'กรุณาตั้งชื่อชุมชน', invalid_type_error: 'ชื่อชุมชนต้องเป็นข้อความ' })
  .transform(cleanSingleLine)
  .pipe(
    z
      .string()
      .min(COMMUNITY_LIMITS.nameMin, `ชื่อชุมชนต้องยาวอย่างน้อย ${COMMUNITY_LIMITS.nameMin} ตัวอักษร`)
      .max(COMMUNITY_LIMITS.nameMax, `ชื่อชุมชนยาวได้ไม่เกิน ${COMMUNITY_LIMITS.nameMax} ตัวอักษร`),
  );
const descriptionSchema = z
  .string({ invalid_type_error: 'คำอธิบายต้องเป็นข้อความ' })
  .optional()
  .nullable()
  .transform((v) => cleanMultiline(v ?? '').trim())
  .pipe(z.string().max(COMMUNITY_LIMITS.descriptionMax, `คำอธิบายยาวได้ไม่เกิน ${COMMUNITY_LIMITS.descriptionMax} ตัวอักษร`));
const joinPolicySchema = z.enum(JOIN_POLICIES, {
  errorMap: () => ({ message: 'วิธีรับสมาชิกต้องเป็น "open" (เข้าร่วมได้ทันที) "request" (ขออนุมัติ) หรือ "invite" (เฉพาะผู้ได้รับเชิญ)' }),
});

export const communityInputSchema = z.object({
  name: nameSchema,
  description: descriptionSchema,
  joinPolicy: joinPolicySchema.optional().default('open'),
});
export type CommunityInput = z.infer<typeof communityInputSchema>;

/** PATCH: the owner renames (the slug stays), describes, changes the join policy, archives or un-archives. */
export const communityPatchSchema = z.object({
  name: nameSchema.optional(),
  description: z
    .string({ invalid_type_error: 'คำอธิบายต้องเป็นข้อความ' })
    .optional()
    .transform((v) => (v === undefined ? undefined : cleanMultiline(v).trim()))
    .pipe(z.string().max(COMMUNITY_LIMITS.descriptionMax, `คำอธิบายยาวได้ไม่เกิน ${COMMUNITY_LIMITS.descriptionMax} ตัวอักษร`).optional()),
  joinPolicy: joinPolicySchema.optional(),
  archived: z
    .union([z.boolean(), z.enum(['true', 'false', 'on', ''])])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === 'on')),
});
export type CommunityPatch = z.infer<typeof communityPatchSchema>;

export const noteIdSchema = z.object({
  noteId: z
    .union([z.number(), z.string()])
    .transform((v) => Number(v))
    .pipe(z.number({ invalid_type_error: 'ไม่พบบันทึกนี้' }).int('ไม่พบบันทึกนี้').positive('ไม่พบบันทึกนี้')),
});

/** A member named by username (invite, manager, new owner). */
export const usernameInputSchema = z.object({ username: usernameSchema });

/** Joining: the token from an invitation link, when there is one. */
export const membershipInputSchema = z.object({
  invitation: z
    .string({ invalid_type_error: 'คำเชิญไม่ถูกต้อง' })
    .trim()
    .max(100, 'คำเชิญไม่ถูกต้อง')
    .optional()
    .nullable()
    .transform((v) => v || undefined),
});

/** POST /api/communities/<slug>/invitations: by username, or (without one) a link. */
export const invitationInputSchema = z.object({ username: usernameSchema.optional() });

/** A manager's answer to a join request. */
export const requestDecisionSchema = z.object({
  username: usernameSchema,
  decision: z.enum(['approve', 'decline'], { errorMap: () => ({ message: 'กรุณาเลือกอนุมัติ (approve) หรือไม่อนุมัติ (decline)' }) }),
});
