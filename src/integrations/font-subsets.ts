/**
 * Sarabun cut down to what Thai pages use, made at build time from @fontsource/sarabun:
 * the Thai block plus printable ASCII and common punctuation, regular (400) only, as woff2 in
 * src/assets/fonts/ (git-ignored; Vite hashes them as immutable assets).
 * Measured: the four files fell from 42.8 KB to 31 KB; the semibold pair (17.4 KB on the wire) is
 * no longer made: bold text is drawn from the regular face, which keeps a cold note page within
 * issue 24's 40 KB (decision 2402).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import subsetFont from 'subset-font';

const SOURCE_DIR = 'node_modules/@fontsource/sarabun/files';
const FONT_DIR = 'src/assets/fonts';
const FONT_WEIGHTS = [400] as const;
const FONT_SUBSETS = ['thai', 'latin'] as const;

/** Code points kept in every file; the @font-face unicode-range in fonts.css says the same. */
const KEPT_RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xa0],
  [0xb7, 0xb7],
  [0x2013, 0x2014],
  [0x2018, 0x201d],
  [0x2022, 0x2022],
  [0x2026, 0x2026],
  [0x0e01, 0x0e5b],
  [0x200b, 0x200d],
  [0x25cc, 0x25cc],
];

function keptText(): string {
  let text = '';
  for (const [from, to] of KEPT_RANGES) for (let code = from; code <= to; code++) text += String.fromCodePoint(code);
  return text;
}

/** Writes the subset files that are missing or older than their source. */
async function buildFontSubsets(root = process.cwd()): Promise<string[]> {
  const written: string[] = [];
  mkdirSync(join(root, FONT_DIR), { recursive: true });
  const text = keptText();
  for (const subset of FONT_SUBSETS) {
    for (const weight of FONT_WEIGHTS) {
      const source = join(root, SOURCE_DIR, `sarabun-${subset}-${weight}-normal.woff2`);
      const target = join(root, FONT_DIR, `sarabun-${subset}-${weight}.woff2`);
      if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
      try {
        writeFileSync(target, await subsetFont(readFileSync(source), text, { targetFormat: 'woff2' }));
      } catch (cause) {
        throw new Error(`Failed to subset the font ${source}`, { cause });
      }
      written.push(target);
    }
  }
  return written;
}

/** Makes the font subsets before Astro (build or dev) reads the styles that use them. */
export function fontSubsets(): AstroIntegration {
  return {
    name: 'banthuek:font-subsets',
    hooks: {
      'astro:config:setup': async ({ logger }) => {
        const written = await buildFontSubsets();
        if (written.length > 0) logger.info(`font subsets written: ${written.length}`);
      },
    },
  };
}
