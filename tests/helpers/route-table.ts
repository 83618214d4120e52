/**
 * The site's route table, read from the files under src/pages the way Astro reads it, so a test
 * that walks it covers every route added later without being told. Each write route lists the
 * methods it handles: a `.ts` endpoint its exported POST/PUT/PATCH/DELETE, an `.astro` page POST
 * when it reads `Astro.request.method` (a page that renders forms and handles them).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Method = WriteMethod | 'GET';
export interface WriteRoute {
  /** e.g. `src/pages/api/notes/[id]/comments.ts` */
  file: string;
  /** The URL pattern: `/api/notes/[id]/comments` */
  pattern: string;
  methods: WriteMethod[];
  source: string;
}
/** A route with every method it handles, reads included. */
export interface Route extends Omit<WriteRoute, 'methods'> {
  methods: Method[];
}

const PAGES = 'src/pages';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** Every route under src/pages that handles a write method. */
export function writeRoutes(): WriteRoute[] {
  return allRoutes()
    .map((route) => ({ ...route, methods: route.methods.filter((m): m is WriteMethod => m !== 'GET') }))
    .filter((route) => route.methods.length > 0);
}

/** Every route under src/pages with the methods it handles (an `.astro` page: GET, and POST when it reads the method). */
export function allRoutes(): Route[] {
  return files(PAGES)
    .filter((file) => /\.(?:ts|astro)$/.test(file))
    .map((file) => {
      const source = readFileSync(file, 'utf8');
      const pattern = ('/' + relative(PAGES, file).replace(/\.(?:ts|astro)$/, '')).replace(/\/index$/, '') || '/';
      const methods: Method[] = file.endsWith('.astro')
        ? /Astro\.request\.method/.test(source)
          ? ['GET', 'POST']
          : ['GET']
        : (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((method) =>
            new RegExp(`export (?:const|async function|function) (?:${method}|ALL)\\b`).test(source),
          );
      return { file, pattern, methods, source };
    })
    .filter((route) => route.methods.length > 0)
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Values to put into a route's parameters: `{ id: '12', slug: 'km' }`; `[action]` takes each action the source names. */
export type ParamValues = (route: Route, name: string, before: string) => string;

/**
 * The concrete paths to try for a route: each `[param]` filled by `value`, `[...rest]` left empty,
 * and one path per action for routes whose `[action]` the source compares with literals.
 */
export function concretePaths(route: Route, value: ParamValues): string[] {
  const actions = [...route.source.matchAll(/params\.action\s*[!=]==\s*'([\w-]+)'/g)].map((m) => m[1]!);
  const segments = route.pattern.split('/');
  const fill = (action: string | undefined) =>
    segments
      .map((segment, index) => {
        if (/^\[\.\.\./.test(segment)) return '';
        const param = /^\[(\w+)\]$/.exec(segment)?.[1];
        if (!param) return segment;
        if (param === 'action') return action ?? 'unknown';
        return encodeURIComponent(value(route, param, segments[index - 1] ?? ''));
      })
      .join('/')
      .replace(/\/$/, '') || '/';
  return actions.length ? [...new Set(actions)].map(fill) : [fill(undefined)];
}
