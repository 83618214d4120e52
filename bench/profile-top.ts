/**
 * `npx tsx bench/profile-top.ts <file.cpuprofile>… [--top 25]`: the functions V8 CPU profiles (from
 * `npm run bench -- --cpu-prof`, e.g. both workers' for one page) spent the most time in, summed:
 * self time (the frame itself) and total time (with what it called), as a share of the samples that
 * were not idle.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const topAt = process.argv.indexOf('--top');
const TOP = topAt >= 0 ? Number(process.argv[topAt + 1]) : 25;
const files = process.argv.slice(2).filter((a, i, all) => a !== '--top' && all[i - 1] !== '--top');
if (files.length === 0) throw new Error('usage: tsx bench/profile-top.ts <file.cpuprofile>… [--top 25]');
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
};
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

const self = new Map<string, number>();
const total = new Map<string, number>();
let busy = 0;
let gc = 0;
let samples = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  samples += profile.samples.length;
  for (const id of profile.samples) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(garbage collector)') gc++;
    if (IDLE.has(name)) continue;
    busy++;
    self.set(label(node), (self.get(label(node)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + 1);
    }
  }
}
const pct = (n: number) => `${((100 * n) / Math.max(1, busy)).toFixed(1)}%`;
console.log(`${files.length} profile(s), ${samples} samples, ${busy} busy, garbage collector ${gc} (${pct(gc)} of busy)`);
console.log('\nself time:');
for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(n).padStart(6)}  ${name}`);
console.log('\ntotal time:');
for (const [name, n] of [...total].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(n).padStart(6)}  ${name}`);
