/**
 * Helper of bench/uploads.ts, run as its own process so the uploads it sends never share an event
 * loop with the load generator: uploads PHOTO_PATH as each of the sessions in COOKIES (one loop per
 * session, in parallel) to BASE_URL until it gets SIGTERM, then prints how many photos it sent.
 */
import { readFileSync } from 'node:fs';

const baseUrl = process.env.BASE_URL!;
const photo = new Uint8Array(readFileSync(process.env.PHOTO_PATH!));
const sessions = JSON.parse(process.env.COOKIES!) as { cookie: string; ip: string }[];
let running = true;
let sent = 0;
process.on('SIGTERM', () => {
  running = false;
});

await Promise.all(
  sessions.map(async ({ cookie, ip }, i) => {
    while (running) {
      const form = new FormData();
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), `busy-${i}.jpg`);
      const response = await fetch(`${baseUrl}/api/uploads`, {
        method: 'POST',
        body: form,
        headers: { cookie, origin: baseUrl, 'x-forwarded-for': ip },
      });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`upload during load failed: ${response.status}`);
      sent++;
    }
  }),
);
console.log(String(sent));
