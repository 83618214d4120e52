/** The search index files (see src/lib/server/search-index/serve.ts). */
import type { APIRoute } from 'astro';
import { serveSearchIndexFile } from '~/lib/server/search-index/serve.ts';

export const GET: APIRoute = ({ params, request }) =>
  serveSearchIndexFile(params.path ?? '', request.headers.get('accept-encoding'), request.headers.get('if-none-match'));
