/**
 * Writes the app icons in public/icons/ from the favicon's drawing (run once; the PNGs are
 * committed): 192 and 512 px with rounded corners, and a 512 px maskable one whose page sits in
 * the middle 60 % (the safe zone a launcher's mask never cuts).
 *   npx tsx scripts/make-icons.ts
 */
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';

const GREEN = '#0b6e4f';
const page = (scale: number, offset: number) =>
  `<g transform="translate(${offset} ${offset}) scale(${scale})"><path d="M9 8h10l4 4v12H9z" fill="#fff"/><path d="M12 15h8M12 19h8" stroke="${GREEN}" stroke-width="2"/></g>`;

const rounded = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${GREEN}"/>${page(1, 0)}</svg>`;
// Full-bleed square; the page drawn at 0.75 scale around the centre.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${GREEN}"/>${page(0.75, 4)}</svg>`;

mkdirSync('public/icons', { recursive: true });
for (const [svg, size, name] of [
  [rounded, 192, 'icon-192.png'],
  [rounded, 512, 'icon-512.png'],
  [maskable, 512, 'icon-maskable-512.png'],
] as const) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true, colours: 16 })
    .toFile(`public/icons/${name}`);
  console.log(`public/icons/${name}`);
}
