/**
 * The glossary in a real browser (Debian's chromium through playwright-core): what a
 * reader sees and does, with JavaScript on but the pages needing none. No binary → a
 * visible skip; under CI=true, a failure (tests/support/browser.ts).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailability, type LaunchedBrowser, launchBrowser, watchedPage } from '../support/browser.ts';
import { startWebSite, type WebSite } from '../support/web.ts';

// Code passed to page.evaluate runs in the browser; the project compiles without the DOM
// library, so this file declares the little of it that code uses (module-scoped, no leak).
interface Canvas2d {
  drawImage(image: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
}
declare const document: { createElement(tag: 'canvas'): { width: number; height: number; getContext(kind: '2d'): Canvas2d | null } };
declare const Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
declare function getComputedStyle(element: unknown): { backgroundColor: string };

const availability = browserAvailability();

describe.skipIf(!availability.available)(`the glossary in chromium${availability.reason ? ` (skipped: ${availability.reason})` : ''}`, () => {
  let site: WebSite;
  let launched: LaunchedBrowser;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    site = await startWebSite();
    launched = await launchBrowser();
    browser = launched.browser;
    // A normal context: the page's own CSP applies, as for a reader.
    context = await browser.newContext({ locale: 'ko-KR' });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await launched?.close();
    await site?.close();
  });

  it('GIVEN /glossary THEN it loads with no console errors, its stylesheet applied', async () => {
    const { page, errors } = await watchedPage(context);
    const response = await page.goto(site.url('/glossary'), { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('용어집');
    // The stylesheet loaded under the CSP: the search button takes its colour from it.
    expect(await page.locator('form.search button').evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(11, 87, 208)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('GIVEN the search box WHEN kubelte is typed and submitted THEN kubelet is found', async () => {
    const { page, errors } = await watchedPage(context);
    await page.goto(site.url('/glossary'));
    await page.getByLabel('용어 찾기').fill('kubelte');
    await Promise.all([page.waitForURL(/[?&]q=kubelte/), page.getByRole('button', { name: '찾기' }).click()]);
    const first = page.locator('ul.results li a').first();
    expect(await first.getAttribute('href')).toBe('/glossary/kubelet?lang=ko');
    await first.click();
    await page.waitForURL(/\/glossary\/kubelet/);
    expect(await page.locator('h1').textContent()).toContain('kubelet');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("GIVEN a term page THEN each related link opens that term's page", async () => {
    const { page, errors } = await watchedPage(context);
    await page.goto(site.url('/glossary/kubelet'));
    const entry = site.studied.content.glossary.find((e) => e.id === 'kubelet')!;
    const related = page.locator('article ul.terms li a');
    expect(await related.count()).toBe(entry.related.length);
    for (let index = 0; index < entry.related.length; index += 1) {
      await page.goto(site.url('/glossary/kubelet'));
      await Promise.all([page.waitForURL(new RegExp(`/glossary/${entry.related[index]}\\?`)), related.nth(index).click()]);
      const target = site.studied.content.glossary.find((e) => e.id === entry.related[index])!;
      expect(await page.locator('h1').textContent()).toContain(target.term);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('GIVEN Korean text THEN it renders as glyphs: the Hangul heading is far from blank, and two Hangul words draw differently (not as tofu boxes)', async () => {
    const page = await context.newPage();
    await page.goto(site.url('/glossary/kubelet'));
    const heading = page.locator('h1 span[lang="ko"]');
    expect(await heading.textContent()).toBe('큐블릿');
    const drawn = await pixelStats(await heading.screenshot());
    const blank = await pixelStats(await page.locator('header.site').screenshot({ mask: [page.locator('header.site nav')], maskColor: '#f3f6fa' }));
    // Glyphs give many anti-aliased shades; a blank (or masked) area gives one or two.
    expect(blank.colours).toBeLessThan(4);
    expect(drawn.colours).toBeGreaterThan(8);
    expect(drawn.dark).toBeGreaterThan(30);
    // A missing font draws every Hangul syllable as the same box: two different words would look alike.
    const probe = await context.newPage();
    await probe.goto(site.url('/glossary/pod'));
    const other = await probe.locator('h1 span[lang="ko"]').screenshot();
    expect(await probe.locator('h1 span[lang="ko"]').textContent()).not.toBe('큐블릿');
    expect(other.equals(await heading.screenshot())).toBe(false);
    await probe.close();
    await page.close();
  });

  /** Distinct colours and dark pixels of a PNG, decoded by the browser itself (no PNG library needed). */
  async function pixelStats(png: Buffer): Promise<{ colours: number; dark: number }> {
    const scratch = await browser.newPage();
    try {
      return await scratch.evaluate(async (base64) => {
        const image = new Image();
        image.src = `data:image/png;base64,${base64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context2d = canvas.getContext('2d')!;
        context2d.drawImage(image, 0, 0);
        const { data } = context2d.getImageData(0, 0, image.width, image.height);
        const colours = new Set<number>();
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          if (data[i]! + data[i + 1]! + data[i + 2]! < 384) dark += 1;
        }
        return { colours: colours.size, dark };
      }, png.toString('base64'));
    } finally {
      await scratch.close();
    }
  }

  it.each(['/glossary', '/glossary?lang=en', '/glossary?q=kubelte', '/glossary/kubelet', '/glossary/kubelet?lang=en', '/glossary/no-such-term'])(
    'GIVEN %s THEN axe-core finds no serious or critical accessibility violations',
    async (path) => {
      expect(await axeViolations(browser, site.url(path))).toEqual([]);
    },
    30_000,
  );

  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'])(
    'GIVEN the typed query %s THEN it stays text: no dialog, no injected element, the box shows it as typed',
    async (typed) => {
      const { page } = await watchedPage(context);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(site.url('/glossary'));
      await page.getByLabel('용어 찾기').fill(typed);
      await Promise.all([page.waitForURL(/[?&]q=/), page.getByRole('button', { name: '찾기' }).click()]);
      await page.waitForLoadState('load');
      expect(dialogs).toEqual([]);
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.locator('main script').count()).toBe(0);
      expect(await page.getByLabel('용어 찾기').inputValue()).toBe(typed);
      expect(await page.locator('h1').textContent()).toContain(typed);
      await page.close();
    },
  );
});
