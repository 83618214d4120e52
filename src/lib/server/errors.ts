/**
 * Errors the domain raises on purpose. Each carries the HTTP status it maps to and a Thai
 * sentence for the user; routes turn them into pages or JSON `{error, fields?}` without guessing.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429,
    message: string,
    readonly fields?: Record<string, string>,
    /** For 429: how long until the caller may try again (sent as Retry-After). */
    readonly retryAfterMs?: number,
    /** Machine-readable facts for JSON callers, sent beside `error` (e.g. the quota left on a 413). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'หน้าที่ต้องการ') => new DomainError(404, `ไม่พบ${what} อาจถูกลบไปแล้วหรือที่อยู่ไม่ถูกต้อง`);
export const forbidden = (message = 'คุณไม่มีสิทธิ์ทำรายการนี้') => new DomainError(403, message);
export const gone = (message = 'เนื้อหานี้ถูกลบแล้ว') => new DomainError(410, message);
export const needLogin = () => new DomainError(401, 'กรุณาเข้าสู่ระบบก่อน');
