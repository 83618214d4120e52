/** The notice on a page the service worker served from the device (src/sw/pages.ts marks it). */
import { formatThaiDateTime } from '../lib/thai-date.ts';

export function showOfflineBanner(savedAt: string): void {
  const when = new Date(savedAt);
  const banner = document.createElement('p');
  banner.className = 'notice offline-banner';
  banner.id = 'offline-banner';
  banner.setAttribute('role', 'status');
  banner.textContent = `อ่านแบบออฟไลน์ · บันทึกไว้เมื่อ ${Number.isNaN(when.getTime()) ? 'ไม่ทราบเวลา' : formatThaiDateTime(when)}`;
  document.getElementById('main')?.prepend(banner);
}
