/**
 * `npm run uploads:gc`: removes uploads that nothing has referred to for 24 hours and stray files
 * in the uploads folder, and prints what it removed. The server's primary does the same every hour.
 * Env: DATABASE_PATH, DATA_DIR or UPLOADS_DIR.
 */
import { collectUnreferencedUploads } from '../src/lib/server/upload/gc.ts';
import { formatBytes } from '../src/lib/upload-urls.ts';

const report = collectUnreferencedUploads();
for (const upload of report.uploads)
  console.log(`ลบ ${upload.id} "${upload.name}" (${formatBytes(upload.storedBytes)}, ของบัญชี #${upload.ownerId})`);
for (const file of report.strayFiles) console.log(`ลบไฟล์ที่ไม่มีเจ้าของ ${file}`);
const freed = report.uploads.reduce((sum, u) => sum + u.storedBytes, 0);
console.log(`เสร็จแล้ว: ลบไฟล์อัปโหลด ${report.uploads.length} รายการ (${formatBytes(freed)}) และไฟล์ค้าง ${report.strayFiles.length} ไฟล์`);
