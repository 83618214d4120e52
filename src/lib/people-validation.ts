/** Input for the people directory and the profile's expertise, shared by pages and the JSON API. */
import { z } from 'zod';
import { cleanSingleLine } from './text.ts';

export const PEOPLE_LIMITS = { expertiseMax: 10, expertiseNameMax: 50, queryMax: 80, pageMax: 10_000 } as const;
const DIRECTORY_SORTS = ['active', 'notes'] as const;

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .nullable()
    .transform((v) => cleanSingleLine(v ?? '').slice(0, max) || undefined);

/** Directory query from the address bar: anything odd falls back to "no filter", never an error page. */
const directoryQuerySchema = z.object({
  q: optionalText(PEOPLE_LIMITS.queryMax),
  province: optionalText(PEOPLE_LIMITS.queryMax),
  organisation: optionalText(PEOPLE_LIMITS.queryMax),
  expertise: optionalText(PEOPLE_LIMITS.expertiseNameMax).transform((v) => v?.replace(/^#/, '').toLowerCase() || undefined),
  sort: z.enum(DIRECTORY_SORTS).catch('active'),
  page: z.coerce.number().int().min(1).max(PEOPLE_LIMITS.pageMax).catch(1),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

export function parseDirectoryQuery(params: URLSearchParams): DirectoryQuery {
  return directoryQuerySchema.parse(Object.fromEntries([...params].map(([k, v]) => [k, v])));
}

/** Expertise arrives as an array (API) or one comma-separated string (form); normalised like tags. */
export const expertiseSchema = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .nullable()
  .transform((v) => (v == null ? [] : Array.isArray(v) ? v : v.split(/[,،\n]/)))
  .transform((list) => [...new Set(list.map((t) => cleanSingleLine(t).replace(/^#/, '').toLowerCase()).filter(Boolean))])
  .pipe(
    z
      .array(
        z
          .string()
          .max(PEOPLE_LIMITS.expertiseNameMax, `ความเชี่ยวชาญแต่ละคำยาวได้ไม่เกิน ${PEOPLE_LIMITS.expertiseNameMax} ตัวอักษร`)
          .regex(/^[^/?#%\\<>"]+$/u, 'ความเชี่ยวชาญมีอักขระที่ใช้ไม่ได้ (/ ? # % \\ < > ")'),
      )
      .max(PEOPLE_LIMITS.expertiseMax, `ใส่ความเชี่ยวชาญได้ไม่เกิน ${PEOPLE_LIMITS.expertiseMax} คำ คั่นด้วยจุลภาค (,)`),
  );
