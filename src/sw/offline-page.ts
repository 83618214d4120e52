/**
 * What the service worker answers for a page it has not kept (or a form posted) with no connection:
 * a plain Thai page with the way forward, never the browser's offline page.
 */
const STYLE =
  'body{font-family:Sarabun,system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.7}a{display:inline-block;min-height:44px;padding:.5rem 0;margin-right:1rem}';

export function offlinePage(kind: 'page' | 'post' = 'page'): Response {
  const message =
    kind === 'post'
      ? 'ส่งไม่ได้เพราะยังไม่มีสัญญาณ งานที่พิมพ์ไว้เก็บอยู่ในเครื่องนี้ กดย้อนกลับเพื่อกลับไปที่หน้าเดิม แล้วกดบันทึกอีกครั้ง ระบบจะเก็บไว้ส่งเองเมื่อกลับมาออนไลน์'
      : 'ยังไม่มีสัญญาณ และหน้านี้ยังไม่ได้เก็บไว้ในเครื่อง เปิดหน้าที่เก็บไว้ได้จากลิงก์ด้านล่าง หรือลองใหม่เมื่อมีสัญญาณ';
  const body = `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ออฟไลน์ · บันทึก</title><style>${STYLE}</style></head><body><main><h1>ยังไม่มีสัญญาณ</h1><p>${message}</p><p><a href="/notes/new">เขียนบันทึกใหม่</a><a href="/outbox">รายการรอส่ง</a><a href="/">หน้าแรก</a></p></main></body></html>`;
  return new Response(body, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'",
    },
  });
}
