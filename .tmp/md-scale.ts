import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { renderNoteMarkdown } from '/work/wt/harden/src/lib/markdown.ts';
const gen: Record<string,(n:number)=>string> = {
  emptyLines: (n) => '\n'.repeat(n),
  underscore: (n) => '_a'.repeat(n/2),
  setext: (n) => 'a\n=\n'.repeat(n/4),
  emphasis: (n) => '*'.repeat(n/2) + 'x' + '*'.repeat(n/2),
  table: (n) => { const w = Math.sqrt(n/2)|0; return '|a'.repeat(w) + '|\n' + '|-'.repeat(w) + '|\n' + ('|x'.repeat(w) + '|\n').repeat(w/2); },
};
const parser = unified().use(remarkParse).use(remarkGfm);
const plain = unified().use(remarkParse);
for (const [name, g] of Object.entries(gen)) for (const n of [10000, 40000]) {
  const md = g(n);
  let t = (process.cpuUsage().user/1000); plain.parse(md); const a = (process.cpuUsage().user/1000) - t;
  t = (process.cpuUsage().user/1000); parser.parse(md); const b = (process.cpuUsage().user/1000) - t;
  t = (process.cpuUsage().user/1000); renderNoteMarkdown(md); const c = (process.cpuUsage().user/1000) - t;
  console.log(name, n, 'commonmark', a|0, 'gfm', b|0, 'render', c|0);
}
