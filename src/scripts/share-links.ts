/**
 * ShareLinks buttons: "คัดลอกลิงก์" copies the page's ASCII address; "แชร์ไป LINE" opens the phone's
 * share sheet where there is one (LINE is in it), else LINE's share page (the link's own href).
 */
const COPIED = 'คัดลอกลิงก์แล้ว วางในแชตหรืออีเมลได้เลย';
const SELECTED = 'เลือกลิงก์ไว้แล้ว กดค้างที่ลิงก์แล้วเลือก “คัดลอก”';

document.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const box = target.closest<HTMLElement>('.share-links');
  if (!box) return;
  const url = box.dataset.shareUrl ?? '';
  const status = box.querySelector<HTMLElement>('[data-share-status]');
  if (target.closest('[data-copy-link]')) {
    const fallback = () => {
      box.querySelector<HTMLInputElement>('input')?.select();
      if (status) status.textContent = SELECTED;
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(url).then(() => {
      if (status) status.textContent = COPIED;
    }, fallback);
  } else if (target.closest('[data-share-line]') && 'share' in navigator && matchMedia('(pointer: coarse)').matches) {
    event.preventDefault();
    navigator.share({ title: box.dataset.shareTitle ?? document.title, url }).catch(() => undefined);
  }
});
