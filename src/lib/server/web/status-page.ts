import { html } from '../../html.ts';

/** A bare Thai error page for answers given before any route renders (middleware refusals). */
const TITLES: Record<number, string> = {
  400: 'ข้อมูลไม่ถูกต้อง',
  401: 'กรุณาเข้าสู่ระบบ',
  403: 'ไม่อนุญาต',
  404: 'ไม่พบหน้าที่ต้องการ',
  409: 'ทำรายการนี้ไม่ได้ในขณะนี้',
  410: 'เนื้อหานี้ถูกลบแล้ว',
  412: 'มีการแก้ไขที่ใหม่กว่า',
  413: 'ข้อมูลใหญ่เกินไป',
  415: 'รูปแบบข้อมูลไม่ถูกต้อง',
  422: 'คำขอไม่ตรงกับครั้งแรก',
  429: 'ทำรายการถี่เกินไป',
  500: 'ระบบขัดข้อง',
};

export function renderStatusPage(status: number, message: string): Response {
  const title = TITLES[status] ?? 'เกิดข้อผิดพลาด';
  const page = html`<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · บันทึก</title></head><body><main><h1>${title}</h1><p>${message}</p><p><a href="/">กลับหน้าแรก</a></p></main></body></html>`;
  return new Response(page.value, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
