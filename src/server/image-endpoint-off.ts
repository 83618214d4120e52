/**
 * Astro's image endpoint, turned off. Astro adds `/_image` to every server build; its generic
 * endpoint fetches any path of the site (from its own host, forwarding the caller's cookies) to
 * resize it, which the site never asks for: it does not use `astro:assets` (photos are resized once,
 * on upload, src/lib/server/upload/). Configured as `image.endpoint.entrypoint` in astro.config.mjs,
 * so the route answers the site's own 404 page to every method (issue 21, finding 7).
 */
import type { APIRoute } from 'astro';

export const prerender = false;

/** A 404 without a body: Astro answers it with src/pages/404.astro. */
export const ALL: APIRoute = () => new Response(null, { status: 404 });
