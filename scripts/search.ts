/**
 * npm run search -- "<query>" [--kind note|aar] [--tag ชื่อแท็ก] [--author username] [--community ชื่อชุมชน] [--province จังหวัด] [--event <event id>] [--sort newest] [--limit 20]
 * Prints [{ id, title, url, excerpt }] as JSON, using the page's own search code and the index on disk.
 */
import { parseArgs } from 'node:util';
import { openDiskSearch } from '../src/lib/server/search-index/disk-search.ts';
import { resolveSearchIndexDir } from '../src/lib/server/search-index/store.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string' },
    tag: { type: 'string' },
    author: { type: 'string' },
    community: { type: 'string' },
    province: { type: 'string' },
    event: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
  },
});
const query = positionals.join(' ');
if (!query.trim()) {
  console.error('ใส่คำค้นด้วย เช่น npm run search -- "ชุมชน"');
  process.exit(2);
}
const client = await openDiskSearch(resolveSearchIndexDir());
const { hits } = await client.search(query, {
  filters: {
    kind: values.kind as 'note' | 'aar' | undefined,
    tag: values.tag,
    author: values.author,
    community: values.community,
    province: values.province,
    event: values.event,
  },
  sort: values.sort === 'newest' ? 'newest' : 'relevance',
  limit: values.limit ? Number(values.limit) : 20,
});
console.log(
  JSON.stringify(
    hits.map(({ id, title, url, excerptHtml }) => ({ id, title, url, excerpt: excerptHtml })),
    null,
    2,
  ),
);
