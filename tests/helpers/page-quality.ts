/**
 * Checks of a rendered page that a person on a phone (or with a screen reader) would notice:
 * axe-core's serious and critical violations, controls smaller than 44×44 px, and screenshots.
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** A same-origin address for axe that only this browser context answers (never the server). */
const AXE_TEST_PATH = '/__test__/axe.min.js';

/** Where the e2e run leaves its screenshots (a CI artifact; git-ignored). */
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(process.cwd(), '.artifacts', 'screenshots');

/**
 * Serves axe-core to the pages of `context` from a same-origin path by request interception, so
 * the page's own CSP (script-src 'self') is kept in force while the audit runs.
 */
export async function serveAxeInTests(context: BrowserContext): Promise<void> {
  await context.route(`**${AXE_TEST_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: AXE_SOURCE }),
  );
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A/AA rules) and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ url: AXE_TEST_PATH });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * Every visible link, button and form control outside running text that is smaller than
 * `min`×`min` CSS px. Exempt, as WCAG 2.5.5 allows: links inside a sentence or a block of prose
 * (note and comment bodies, guides), and a checkbox or radio whose label is the target.
 */
export async function smallTargets(page: Page, min = 44): Promise<SmallTarget[]> {
  return page.evaluate((minimum) => {
    const found: { what: string; width: number; height: number }[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, summary, select, textarea, input:not([type=hidden]), [role=button]',
    );
    for (const control of controls) {
      if (control.closest('.note-body, .comment-body, .prose, .honeypot, .visually-hidden, [hidden], dialog:not([open])')) continue;
      if (control.matches('.skip-link') && document.activeElement !== control) continue;
      let target: HTMLElement = control;
      if (control.matches('input[type=checkbox], input[type=radio]')) target = control.closest('label') ?? control;
      const style = getComputedStyle(target);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      // Inline: a link within a sentence (its block has other words around it).
      if (control.tagName === 'A') {
        const block = control.closest('p, li, dd, td, figcaption, label');
        if (block) {
          const words = Array.from(block.childNodes)
            .filter((n) => n.nodeType === Node.TEXT_NODE)
            .map((n) => n.textContent ?? '')
            .join('')
            .trim();
          if (words.length > 1 && style.display === 'inline') continue;
        }
      }
      if (box.width + 0.5 < minimum || box.height + 0.5 < minimum) {
        const label =
          (control.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) ||
          control.getAttribute('aria-label') ||
          control.getAttribute('name') ||
          '';
        found.push({
          what: `${control.tagName.toLowerCase()}${control.className ? `.${String(control.className).split(' ')[0]}` : ''} “${label}”`,
          width: Math.round(box.width),
          height: Math.round(box.height),
        });
      }
    }
    return found;
  }, min);
}

/** Saves a full-page screenshot named after the page and viewport. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const viewport = page.viewportSize();
  const path = join(SCREENSHOT_DIR, `${name}-${viewport?.width ?? 0}x${viewport?.height ?? 0}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
