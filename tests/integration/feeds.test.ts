import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, TEST_PASSWORD, uniqueUsername } from '../helpers/factories.ts';

const SITE_URL = 'https://banthuek.example';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SITE_URL });
});
afterAll(async () => {
  await server?.stop();
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'category', 'url'].includes(name),
});

/** Fetches an XML document, checks it is well-formed with a real parser, and returns it parsed. */
async function fetchXml(path: string, contentType: RegExp) {
  const res = await clientFromNewAddress(server.baseUrl).get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(contentType);
  expect(XMLValidator.validate(res.text), path).toBe(true);
  return parser.parse(res.text);
}

/** A signed-in member whose browser sends the configured public origin (SITE_URL differs from the test address). */
async function signedInAtSiteUrl(displayName: string) {
  const client = clientFromNewAddress(server.baseUrl).withOrigin(SITE_URL);
  const username = uniqueUsername('feed');
  // Listed like a member who said yes to the directory at sign-up: the sitemap lists only them (PDPA consent).
  const res = await client.post('/api/auth/register', { username, password: TEST_PASSWORD, displayName, consents: { directory: true } });
  expect(res.status).toBe(201);
  return { client, username };
}

describe('feeds and sharing', () => {
  let writer: Awaited<ReturnType<typeof signedInAtSiteUrl>>;
  let noteId: number;
  let slug: string;
  beforeAll(async () => {
    writer = await signedInAtSiteUrl('ปลัด "ทดสอบ" <ฟีด> & เพื่อน');
    noteId = await createNoteViaApi(writer.client, {
      title: 'ถอดบทเรียน <เวที> & "ประชาคม"',
      tags: ['ฟีด', 'ชุมชน'],
      body: 'เนื้อหาภาษาไทย ]]> และ <script>x</script>\n\n![ภาพบรรยากาศ](https://img.example/p.jpg?a=1&b=2)',
    });
    await createNoteViaApi(writer.client, { title: 'ฉบับร่างไม่ควรอยู่ในฟีด', status: 'draft', tags: ['ฟีด'] });
    slug = (await writer.client.post('/api/communities', { name: 'ชุมชนทดสอบฟีด' })).body.slug;
    await writer.client.post(`/api/communities/${encodeURIComponent(slug)}/notes`, { noteId });
  });

  it('the site, a person, a tag and a community have valid RSS 2.0 with absolute URLs and Thai titles', async () => {
    const feeds = [
      '/rss.xml',
      `/u/${writer.username}/rss.xml`,
      `/tags/${encodeURIComponent('ฟีด')}/rss.xml`,
      `/communities/${encodeURIComponent(slug)}/rss.xml`,
    ];
    for (const path of feeds) {
      const doc = await fetchXml(path, /^application\/rss\+xml/);
      expect(doc.rss['@version']).toBe('2.0');
      const channel = doc.rss.channel;
      expect(channel.link).toMatch(new RegExp(`^${SITE_URL}/`));
      expect(channel['atom:link']['@href']).toBe(`${SITE_URL}${path}`);
      expect(channel.item).toHaveLength(1);
      const item = channel.item[0];
      expect(item.title).toBe('ถอดบทเรียน <เวที> & "ประชาคม"');
      expect(item.link).toBe(`${SITE_URL}/notes/${noteId}`);
      expect(item.guid['#text']).toBe(item.link);
      expect(item['dc:creator']).toBe('ปลัด "ทดสอบ" <ฟีด> & เพื่อน');
      expect(item.description).toContain('เนื้อหาภาษาไทย ]]>');
      expect(new Date(item.pubDate).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(item.category.map((c: any) => c['#text'])).toEqual(['ชุมชน', 'ฟีด']);
    }
    expect((await clientFromNewAddress(server.baseUrl).get('/u/nobody-at-all/rss.xml')).status).toBe(404);
    const emptyTag = await fetchXml('/tags/ไม่มีใครใช้/rss.xml', /rss/);
    expect(emptyTag.rss.channel.item).toBeUndefined();
  });

  it('sitemap.xml lists public notes, writers, communities and guides, never drafts; robots.txt points to it', async () => {
    const doc = await fetchXml('/sitemap.xml', /^application\/xml/);
    const locs: string[] = doc.urlset.url.map((u: any) => u.loc);
    expect(locs).toContain(`${SITE_URL}/`);
    expect(locs).toContain(`${SITE_URL}/notes/${noteId}`);
    expect(locs).toContain(`${SITE_URL}/u/${writer.username}`);
    expect(locs).toContain(`${SITE_URL}/communities/${encodeURIComponent(slug)}`);
    expect(locs).toContain(`${SITE_URL}/guides/first-note`);
    expect(locs.every((l) => l.startsWith(`${SITE_URL}/`))).toBe(true);
    expect(locs).not.toContain(`${SITE_URL}/notes/${noteId + 1}`);
    const robots = await clientFromNewAddress(server.baseUrl).get('/robots.txt');
    expect(robots.text).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });

  it('a note page carries a canonical URL and OpenGraph/Twitter tags for LINE and Facebook cards', async () => {
    const res = await clientFromNewAddress(server.baseUrl).get(`/notes/${noteId}/some-slug`);
    const head = res.text.slice(0, res.text.indexOf('</head>'));
    const decode = (v: string) =>
      v
        .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
        .replace(/&(lt|gt|quot|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e as 'lt']);
    const meta = (attr: string, key: string) => decode(new RegExp(`<meta ${attr}="${key}" content="([^"]*)"`).exec(head)?.[1] ?? '');
    expect(head).toContain(`<link rel="canonical" href="${SITE_URL}/notes/${noteId}">`);
    expect(meta('property', 'og:title')).toBe('ถอดบทเรียน <เวที> & "ประชาคม"');
    expect(meta('property', 'og:url')).toBe(`${SITE_URL}/notes/${noteId}`);
    expect(meta('property', 'og:description')).toContain('เนื้อหาภาษาไทย');
    expect(meta('property', 'og:image')).toBe('https://img.example/p.jpg?a=1&b=2');
    expect(meta('property', 'og:locale')).toBe('th_TH');
    expect(meta('name', 'twitter:card')).toBe('summary_large_image');
    expect(meta('name', 'twitter:image')).toBe('https://img.example/p.jpg?a=1&b=2');
    expect(head).toContain('rel="alternate" type="application/rss+xml"');
  });
});
