/**
 * The /search page in the browser: reads the form, asks the search worker, renders results.
 * Excerpts arrive as HTML built by src/lib/search/excerpt.ts (text escaped, only <mark> added).
 */
import { formatThaiDate } from '../lib/thai-date.ts';
import { notePath, tagPath } from '../lib/paths.ts';
import { hasThaiMarks, stripThaiMarks } from '../lib/search/thai-text.ts';
import type { SearchAnswer, SearchFilters, SearchHit, SearchOptions } from '../lib/search/client.ts';
import type { SearchManifest } from '../lib/search/manifest.ts';

const PAGE_SIZE = 20;
const KIND_LABELS = { note: 'บันทึก', aar: 'AAR', question: 'คำถาม', asset: 'คลังความรู้' } as const;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderHit(hit: SearchHit): HTMLLIElement {
  const item = element('li', 'note-item card');
  // A knowledge asset's id is not a note id: it links to its own page (the record's url).
  if (hit.kind === 'asset') item.dataset.assetId = String(hit.id);
  else item.dataset.noteId = String(hit.id);
  item.dataset.kind = hit.kind;
  const heading = element('h2');
  const link = element('a', undefined, hit.title);
  link.href = hit.kind === 'asset' ? hit.url : notePath(hit.id);
  heading.append(link);
  const excerpt = element('p', 'excerpt');
  excerpt.innerHTML = hit.excerptHtml;
  const meta = element('div', 'meta');
  meta.append(
    element('span', 'badge', KIND_LABELS[hit.kind]),
    element('span', undefined, hit.author),
    element('span', undefined, formatThaiDate(hit.date)),
  );
  item.append(heading, excerpt, meta);
  if (hit.tags.length) {
    const tags = element('ul', 'tags');
    for (const name of hit.tags) {
      const tagLink = element('a', undefined, name);
      tagLink.href = tagPath(name);
      const li = element('li');
      li.append(tagLink);
      tags.append(li);
    }
    item.append(tags);
  }
  return item;
}

function suggestionLink(label: string, params: Record<string, string>): HTMLLIElement {
  const li = element('li');
  const link = element('a', undefined, label);
  link.href = `/search?${new URLSearchParams(params)}`;
  li.append(link);
  return li;
}

function renderEmpty(container: HTMLElement, query: string, filtered: boolean): void {
  container.replaceChildren(element('p', undefined, `ไม่พบบันทึกที่ตรงกับ “${query}”`));
  const list = element('ul');
  if (filtered) list.append(suggestionLink('ค้นอีกครั้งโดยไม่ใช้ตัวกรอง', { q: query }));
  if (hasThaiMarks(query)) list.append(suggestionLink(`ค้นโดยไม่สนวรรณยุกต์และสระ: “${stripThaiMarks(query)}”`, { q: stripThaiMarks(query) }));
  const words = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(query)]
    .filter((part) => part.isWordLike)
    .map((part) => part.segment);
  if (words.length > 1) for (const word of words.slice(0, 4)) list.append(suggestionLink(`ค้นเฉพาะคำว่า “${word}”`, { q: word }));
  list.append(element('li', undefined, 'ลองใช้คำที่สั้นลง หรือคำที่มีความหมายใกล้เคียง'));
  container.append(list);
  container.hidden = false;
}

/** The index manifest the server put into the page (saves a round trip), if any. */
function readInlineManifest(): SearchManifest | undefined {
  const text = document.getElementById('search-manifest')?.textContent;
  try {
    return text ? (JSON.parse(text) as SearchManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Wires the page: one worker, one search per form submission, "more" fetches further results. */
export function startSearchPage(): void {
  const params = new URLSearchParams(location.search);
  const query = (params.get('q') ?? '').trim();
  if (!query) return;
  const status = document.getElementById('search-status')!;
  const results = document.getElementById('search-results')!;
  const empty = document.getElementById('search-empty')!;
  const more = document.getElementById('search-more') as HTMLButtonElement;
  const filters: SearchFilters = {
    kind: (params.get('kind') || undefined) as SearchFilters['kind'],
    tag: params.get('tag') || undefined,
    author: params.get('author') || undefined,
    community: params.get('community') || undefined,
    province: params.get('province') || undefined,
    event: params.get('event') || undefined,
  };
  const options: SearchOptions = { filters, sort: params.get('sort') === 'newest' ? 'newest' : 'relevance', limit: PAGE_SIZE };

  const inlineManifest = readInlineManifest();
  const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<{ answer?: SearchAnswer; error?: string }>) => {
    document.body.dataset.searchState = 'done';
    if (event.data.error || !event.data.answer) {
      status.textContent = 'ค้นหาไม่สำเร็จ ลองโหลดหน้านี้ใหม่อีกครั้ง หากยังไม่ได้ โปรดแจ้งผู้ดูแลระบบ';
      return;
    }
    const { hits, strength, complete } = event.data.answer;
    results.replaceChildren(...hits.map(renderHit));
    more.hidden = complete && hits.length < (options.limit ?? PAGE_SIZE);
    if (!hits.length) {
      status.textContent = complete ? '' : 'ยังไม่พบในบันทึกที่ค้นแล้ว กด “แสดงผลเพิ่ม” เพื่อค้นในบันทึกที่เก่ากว่า';
      if (complete) renderEmpty(empty, query, Object.values(filters).some(Boolean));
      return;
    }
    status.textContent =
      `พบ ${hits.length}${complete ? '' : '+'} บันทึก` +
      (strength === 'loose' ? ' (ไม่พบคำที่สะกดตรงทุกตัว จึงแสดงคำที่ต่างกันเพียงวรรณยุกต์หรือสระ)' : '');
  };
  const run = () => {
    document.body.dataset.searchState = 'searching';
    worker.postMessage({ query, options, manifest: inlineManifest });
  };
  more.addEventListener('click', () => {
    options.limit = (options.limit ?? PAGE_SIZE) + PAGE_SIZE;
    run();
  });
  run();
}
