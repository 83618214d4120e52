/**
 * `npm run bench:uploads [-- --duration 8 --connections 16 --workers 2]`
 * Figures for photos: upload→visible time of a 12 MB, 12-megapixel phone photo, the sizes of its
 * stored variants, and pages served per second with no upload running against while four such
 * photos are processed at once (anonymous note page from the page cache, and a signed-in note page).
 * Starts the built server on a fresh database, like the tests. The machine is shared: quote ratios.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildIfNeeded } from '../scripts/lib/build-if-needed.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../tests/helpers/factories.ts';
import { uploadFile } from '../tests/helpers/upload-fixtures.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const DURATION = arg('duration', 8);
const CONNECTIONS = arg('connections', 16);
const WORKERS = arg('workers', 2);
const PARALLEL_PHOTOS = 4;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** A 4000×3000 JPEG of fine detail at high quality: about the 12 MB an officer's phone writes. */
async function twelveMegabytePhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = ((i % (width * 3)) / (width * 3)) * 160 + (seed >> 25);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '16/1 26/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

buildIfNeeded();
const photo = await twelveMegabytePhoto();
const scratch = mkdtempSync(join(tmpdir(), 'banthuek-bench-'));
const photoPath = join(scratch, 'photo.jpg');
writeFileSync(photoPath, photo);
const server = await startTestServer({ WORKERS: String(WORKERS), LOG_REQUESTS: '0', SEARCH_INDEX_UPDATES: '0' });
try {
  const writer = await signedInClient(server.baseUrl);
  console.log(`photo: ${(photo.length / 1024 / 1024).toFixed(1)} MB, 4000×3000, EXIF orientation 6 and GPS; ${WORKERS} workers`);

  // 1. Upload → visible: the upload answered, the note published, its page and first photo fetched.
  const started = performance.now();
  const upload = await uploadFile(writer.client, 'IMG_4000.jpg', photo, { alt: 'เวทีประชาคม' });
  const uploaded = performance.now();
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  const noteId = await createNoteViaApi(writer.client, { body: `ภาพจากเวที\n\n${upload.body.markdown}` });
  const page = await (await fetch(`${server.baseUrl}/notes/${noteId}`)).text();
  const variant = page.match(/\/uploads\/[0-9a-f]{32}-\d+x\d+-480\.webp/)![0];
  await (await fetch(server.baseUrl + variant)).arrayBuffer();
  const visible = performance.now();
  console.log(`upload→visible: ${(visible - started).toFixed(0)} ms (upload answered in ${(uploaded - started).toFixed(0)} ms)`);

  // 2. Variant sizes.
  const files = [...new Set(page.match(/\/uploads\/[0-9a-f]{32}-[\dx-]+\.(?:webp|jpg)/g)!)];
  for (const file of files) {
    const bytes = (await (await fetch(server.baseUrl + file)).arrayBuffer()).byteLength;
    console.log(`  ${file.split('-').slice(1).join('-')}: ${kb(bytes)}`);
  }

  // 3. Pages per second with no upload, then while four photos are processed at once (in a loop).
  const reader = await signedInClient(server.baseUrl);
  const uploaders = await Promise.all(Array.from({ length: PARALLEL_PHOTOS }, () => signedInClient(server.baseUrl)));
  const targets = [
    { name: 'note page, anonymous (page cache)', headers: {} as Record<string, string> },
    { name: 'note page, signed in', headers: { cookie: reader.client.cookieHeader() } },
  ];
  const run = async (headers: Record<string, string>) => {
    const result = await autocannon({
      url: `${server.baseUrl}/notes/${noteId}`,
      connections: CONNECTIONS,
      duration: DURATION,
      headers: { 'accept-encoding': 'br, gzip', ...headers },
    });
    return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
  };
  for (const target of targets) {
    await run(target.headers); // warm-up
    const idle = await run(target.headers);
    // The uploads come from another process, so they never slow the load generator's event loop.
    const sessions = uploaders.map(({ client }, i) => ({ cookie: client.cookieHeader(), ip: `198.51.100.${i + 1}` }));
    const loop = spawn(process.execPath, ['--import', 'tsx', 'bench/upload-loop.ts'], {
      env: { ...process.env, BASE_URL: server.baseUrl, PHOTO_PATH: photoPath, COOKIES: JSON.stringify(sessions) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // On a real site the phones build and send the uploads; here that client work shares the box, so it
    // runs nicer than the server and takes the CPU the server leaves.
    setPriority(loop.pid!, Math.min(19, getPriority() + 10));
    let out = '';
    loop.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    const loaded = await run(target.headers);
    const exited = new Promise((resolve) => loop.once('exit', resolve));
    loop.kill('SIGTERM');
    await exited;
    const processed = Number(out.trim());
    console.log(
      `${target.name}: ${idle.rps.toFixed(0)} req/s (p99 ${idle.p99} ms) with no upload; ` +
        `${loaded.rps.toFixed(0)} req/s (p99 ${loaded.p99} ms) while ${PARALLEL_PHOTOS} photos were processed at once ` +
        `(${processed} photos in the run); ratio ${(loaded.rps / idle.rps).toFixed(2)}; errors ${idle.errors + loaded.errors}`,
    );
  }
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
