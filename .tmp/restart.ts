import { startTestServer } from '../tests/helpers/server.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dataDir = mkdtempSync(join(tmpdir(), 'harden-restart-'));
let s = await startTestServer({ WORKERS: '2' }, { dataDir });
console.log('first up');
await fetch(s.baseUrl + '/');
await s.killHard();
const t = Date.now();
try {
  s = await startTestServer({ WORKERS: '2' }, { dataDir });
  console.log('second up after', Date.now() - t);
} catch (e) { console.log(String(e).slice(0, 3000)); }
await s.stop();
