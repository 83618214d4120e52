/**
 * Issue 16, must work 4: the keyboard focus ring reaches 3:1 contrast (WCAG 1.4.11) against what
 * is behind it, dark-green buttons included. A keyboard user tabs to a link, a plain button and a
 * primary button; the test reads the ring's computed colour and the colour behind it and computes
 * the ratio the way WCAG defines it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from '../helpers/browser.ts';

const setup = useServerAndBrowser();
const MAX_TABS = 60;
const MIN_RING_CONTRAST = 3;

interface Ring {
  label: string;
  ring: string;
  behind: string;
  gap: string | null;
  ownFill: string;
  ratio: number;
  gapRatio: number | null;
}

/** Presses Tab until the focused element matches `selector`; fails after MAX_TABS presses. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element's ring, the opaque colour behind the ring, and the fill of a gap ring. */
async function focusedRing(page: Page): Promise<Ring> {
  return page.evaluate(() => {
    const rgba = (css: string) =>
      (css.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number).concat(1).slice(0, 4) as [number, number, number, number];
    const over = (top: number[], bottom: number[]) =>
      top
        .slice(0, 3)
        .map((c, i) => c * top[3]! + bottom[i]! * (1 - top[3]!))
        .concat(1);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    /** The colour a point just outside `el` shows: its ancestors' backgrounds composited down to white. */
    const backdrop = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (let node = el; node; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] === 1) break;
      }
      return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2)
      throw new Error(`no visible ring on ${el.outerHTML.slice(0, 80)}`);
    const ring = rgba(style.outlineColor);
    const behind = backdrop(el.parentElement);
    const ownFill = over(rgba(style.backgroundColor), behind);
    // A ring set off from a dark fill by a gap (outline-offset, filled by a box-shadow or the page).
    const shadow = /rgba?\([^)]*\)\s+0px\s+0px\s+0px\s+[\d.]+px/.exec(style.boxShadow)?.[0];
    const gap = parseFloat(style.outlineOffset) > 0 ? (shadow ? over(rgba(shadow), behind) : behind) : null;
    const show = (c: number[]) => `rgb(${c.slice(0, 3).map(Math.round).join(' ')})`;
    return {
      label: `${el.tagName.toLowerCase()}.${el.className} “${el.textContent?.trim().slice(0, 30)}”`,
      ring: show(ring),
      behind: show(behind),
      gap: gap && show(gap),
      ownFill: show(ownFill),
      ratio: contrast(over(ring, behind), behind),
      gapRatio: gap && contrast(over(ring, gap), gap),
    };
  });
}

describe('a keyboard user sees where the focus is', () => {
  it('the focus ring has 3:1 contrast on links, plain buttons and dark-green primary buttons', async () => {
    const context = await setup.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${setup.server.baseUrl}/login`, { waitUntil: 'load' });
    const rings: Ring[] = [];
    for (const selector of [
      '.site-header a.brand',
      '.header-search button[type=submit]',
      'main button.primary',
      'main a[href="/register"]',
    ]) {
      await tabTo(page, selector);
      rings.push(await focusedRing(page));
    }
    console.log(
      rings
        .map(
          (r) =>
            `${r.label}: ring ${r.ring} on ${r.behind} ${r.ratio.toFixed(2)}:1${r.gap ? `, gap ${r.gap} ${r.gapRatio!.toFixed(2)}:1` : ''}`,
        )
        .join('\n'),
    );
    for (const r of rings) {
      expect(r.ratio, `${r.label} ring vs page`).toBeGreaterThanOrEqual(MIN_RING_CONTRAST);
      // Next to a dark fill the ring must stand off it: a gap the ring contrasts with.
      if (r.ownFill !== r.behind)
        expect(r.gapRatio ?? 0, `${r.label} ring vs the gap beside its ${r.ownFill} fill`).toBeGreaterThanOrEqual(MIN_RING_CONTRAST);
    }
    expect(
      rings.some((r) => r.ownFill !== r.behind),
      'a dark-green button was among those checked',
    ).toBe(true);
    await context.close();
  }, 120_000);
});
