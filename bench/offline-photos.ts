/**
 * `npx tsx bench/offline-photos.ts` — figures for the offline app (docs/decisions/2302):
 * - a 12 MP phone photo uploaded over a 400 kbps link (Chromium, CDP Network.emulateNetworkConditions,
 *   400 ms latency) as it is and after shrinking on the device (long side 2048 px, JPEG 0.85, as
 *   src/scripts/outbox/shrink.ts does), time to the server's 201;
 * - the device storage used by 10 queued notes with two such photos each (IndexedDB, the outbox's
 *   own layout: records plus blobs), from navigator.storage.estimate().
 * Starts the built server on a fresh database, like the tests.
 */
import sharp from 'sharp';
import { buildIfNeeded } from '../scripts/lib/build-if-needed.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { signedInClient } from '../tests/helpers/factories.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { PHOTO_JPEG_QUALITY, PHOTO_MAX_SIDE_PX } from '../src/lib/outbox/photo-size.ts';

const LINK_KBPS = 400;
const LATENCY_MS = 400;

/** A 4000×3000 JPEG with a phone photo's detail and size (about 4.5 MB), orientation 6. */
async function phonePhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = ((i % (width * 3)) / (width * 3)) * 190 + (seed >> 25);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

buildIfNeeded();
const photo = await phonePhoto();
const server = await startTestServer();
const browser = await launchBrowser();
try {
  const { client } = await signedInClient(server.baseUrl);
  const context = await browser.newContext();
  const [name, value] = client.cookieHeader().split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/outbox`);
  await page.evaluate(
    async ({ b64, max, quality }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const original = new File([bytes], 'IMG_0001.jpg', { type: 'image/jpeg' });
      const started = performance.now();
      const bitmap = await createImageBitmap(original, { imageOrientation: 'from-image' });
      const scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
      const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const shrunk = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality })], 'IMG_0001.jpg', { type: 'image/jpeg' });
      Object.assign(window, {
        benchPhotos: { original, shrunk, shrinkMs: performance.now() - started, size: [canvas.width, canvas.height] },
      });
    },
    { b64: photo.toString('base64'), max: PHOTO_MAX_SIDE_PX, quality: PHOTO_JPEG_QUALITY },
  );
  const info = await page.evaluate(() => {
    const p = (window as unknown as { benchPhotos: { original: File; shrunk: File; shrinkMs: number; size: number[] } }).benchPhotos;
    return { original: p.original.size, shrunk: p.shrunk.size, shrinkMs: Math.round(p.shrinkMs), size: p.size };
  });
  console.log(
    `photo: ${(info.original / 1e6).toFixed(2)} MB 4000×3000 → shrunk on the device to ${(info.shrunk / 1e6).toFixed(2)} MB ${info.size.join('×')} in ${info.shrinkMs} ms`,
  );

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = (LINK_KBPS * 1000) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LATENCY_MS,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
  for (const which of ['shrunk', 'original'] as const) {
    const result = await page.evaluate(async (key) => {
      const file = (window as unknown as { benchPhotos: Record<string, File> }).benchPhotos[key]!;
      const body = new FormData();
      body.append('file', file, file.name);
      const started = performance.now();
      const response = await fetch('/api/uploads', { method: 'POST', body, headers: { 'idempotency-key': crypto.randomUUID() } });
      return { status: response.status, ms: Math.round(performance.now() - started) };
    }, which);
    console.log(
      `upload over ${LINK_KBPS} kbps (${LATENCY_MS} ms latency), ${which}: ${(result.ms / 1000).toFixed(1)} s (status ${result.status})`,
    );
  }
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const storage = await page.evaluate(async () => {
    const before = (await navigator.storage.estimate()).usage ?? 0;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('bench-outbox', 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('items', { keyPath: 'id' });
        open.result.createObjectStore('blobs');
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const photo = (window as unknown as { benchPhotos: { shrunk: File } }).benchPhotos.shrunk;
    const bytes = await photo.arrayBuffer(); // read before the transactions: an await inside one ends it
    const text = 'ชาวบ้านเสนอให้ขุดลอกคลองก่อนฤดูฝน '.repeat(60);
    for (let n = 0; n < 10; n++) {
      const tx = db.transaction(['items', 'blobs'], 'readwrite');
      for (let p = 0; p < 2; p++) {
        const id = crypto.randomUUID();
        tx.objectStore('blobs').put(new Blob([bytes.slice(0)], { type: 'image/jpeg' }), id);
        tx.objectStore('items').put({ id, kind: 'upload', bytes: photo.size, state: 'waiting', idempotencyKey: crypto.randomUUID() });
      }
      tx.objectStore('items').put({ id: crypto.randomUUID(), kind: 'note', request: { json: { title: `บันทึก ${n}`, body: text } } });
      await new Promise((resolve) => (tx.oncomplete = resolve));
    }
    const after = (await navigator.storage.estimate()).usage ?? 0;
    return { used: after - before, photoBytes: photo.size * 20 };
  });
  console.log(
    `storage: 10 queued notes with two photos each use ${(storage.used / 1e6).toFixed(1)} MB on the device (photos alone ${(storage.photoBytes / 1e6).toFixed(1)} MB)`,
  );
} finally {
  await browser.close();
  await server.stop();
}
