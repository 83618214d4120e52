/**
 * Errors the domain raises on purpose (DomainError, defined in src/lib/errors.ts so code of both
 * sides can raise it) and the common ones by name.
 */
import { DomainError } from '../errors.ts';

export { DomainError };

export const notFound = (what = 'หน้าที่ต้องการ') => new DomainError(404, `ไม่พบ${what} อาจถูกลบไปแล้วหรือที่อยู่ไม่ถูกต้อง`);
export const forbidden = (message = 'คุณไม่มีสิทธิ์ทำรายการนี้') => new DomainError(403, message);
export const gone = (message = 'เนื้อหานี้ถูกลบแล้ว') => new DomainError(410, message);
export const needLogin = () => new DomainError(401, 'กรุณาเข้าสู่ระบบก่อน');
