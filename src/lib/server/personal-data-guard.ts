/**
 * Thai national ID numbers are caught before a note, comment or AAR is published (PDPA s.26: care
 * for other people's data). A valid ID without the writer's confirmation answers 422 with a Thai
 * sentence naming the kind of data and where; with `acknowledgePersonalData` it is saved and
 * flagged for the moderators' "มีข้อมูลส่วนบุคคล" filter. Mobile numbers only warn in the editor.
 */
import { and, eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { personalDataFlags } from '~db/schema.ts';
import { describePersonalData, findPersonalDataIn, type PersonalDataFinding } from '../personal-data.ts';
import { DomainError } from './errors.ts';

const ACKNOWLEDGE_FIELD = 'acknowledgePersonalData';

/** Form names of the checked fields, for "where" in the message. */
export const NOTE_FIELD_LABELS: Record<string, string> = { title: 'ชื่อบันทึก', body: 'เนื้อหาบันทึก' };
export const AAR_FIELD_LABELS: Record<string, string> = { title: 'ชื่อเวที', body: 'เนื้อหา AAR' };
export const COMMENT_FIELD_LABELS: Record<string, string> = { body: 'ความเห็น' };

/**
 * Refuses text holding a valid Thai ID unless acknowledged (422, `fields` names each field and
 * `acknowledgePersonalData`, `personalData` lists the findings for the editor). Returns the Thai ID
 * findings to flag (empty: none).
 */
export function guardPersonalData(
  fields: { field: string; text: string | undefined }[],
  labels: Record<string, string>,
  acknowledged: boolean | undefined,
): PersonalDataFinding[] {
  const found = findPersonalDataIn(fields.filter((f) => f.text !== undefined) as { field: string; text: string }[]).filter(
    (f) => f.kind === 'thai-id',
  );
  if (found.length === 0 || acknowledged) return found;
  const message = describePersonalData(found, labels);
  const perField = Object.fromEntries(found.map((f) => [f.field, message]));
  throw new DomainError(422, message, { ...perField, [ACKNOWLEDGE_FIELD]: 'ทำเครื่องหมายนี้เมื่อแน่ใจว่าเผยแพร่ข้อมูลนี้ได้' }, undefined, {
    personalData: found.map(({ kind, field, line, masked }) => ({ kind, field, line, masked })),
  });
}

/** Records (or clears) the flag of a saved note or comment; call inside its write transaction. */
export function setPersonalDataFlag(
  targetType: 'note' | 'comment',
  targetId: number,
  found: PersonalDataFinding[],
  now = new Date(),
): void {
  const db = getDb();
  if (found.length === 0) {
    db.delete(personalDataFlags)
      .where(and(eq(personalDataFlags.targetType, targetType), eq(personalDataFlags.targetId, targetId)))
      .run();
    return;
  }
  const kinds = [...new Set(found.map((f) => f.kind))].join(',');
  db.insert(personalDataFlags)
    .values({ targetType, targetId, kinds, flaggedAt: now })
    .onConflictDoUpdate({ target: [personalDataFlags.targetType, personalDataFlags.targetId], set: { kinds, flaggedAt: now } })
    .run();
}
