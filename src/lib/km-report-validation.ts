/**
 * The KM report's query (`/api/reports/km`, `/reports/km`, `/reports/km.csv`): province code,
 * community slug and the period. Dates are ISO ("2025-10-01") or Thai as people type them
 * ("1/10/2568", Thai digits too), through the same parser as every other date field.
 */
import { z } from 'zod';
import { dateField } from './aar-validation.ts';

const optionalCode = (label: string, max: number) =>
  z
    .union([z.string(), z.undefined(), z.null()], { invalid_type_error: `${label}ต้องเป็นข้อความ` })
    .transform((v) => (v ?? '').trim() || undefined)
    .pipe(z.string().max(max, `${label}ยาวเกินไป กรุณาเลือกจากรายการ`).optional());

export const kmReportQuerySchema = z.object({
  province: optionalCode('รหัสจังหวัด', 10),
  community: optionalCode('ชุมชน', 100),
  from: dateField('วันเริ่ม', false, 'typed'),
  to: dateField('วันสิ้นสุด', false, 'typed'),
});
