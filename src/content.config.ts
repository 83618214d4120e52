/**
 * Content the site owns (not members' notes): MDX guides in content/guides, rendered with
 * @astrojs/mdx at build time. Members' notes are never MDX.
 */
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const guides = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/guides' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    /** Position in the guide list, smallest first. */
    order: z.number().int(),
  }),
});

export const collections = { guides };
