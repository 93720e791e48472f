/**
 * The dashboard in Debian's chromium: the boards and both charts show for a community with
 * answers, members named like attacks stay text (no dialog, no injected element, no
 * javascript: link), the period links work, and axe-core finds nothing serious or critical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailability, type LaunchedBrowser, launchBrowser, watchedPage } from '../support/browser.ts';
import { dashboardSite, XSS_NAMES } from '../support/dashboard.ts';

const availability = browserAvailability();

describe.skipIf(!availability.available)(`the dashboard in a real browser${availability.reason ? ` (skipped: ${availability.reason})` : ''}`, () => {
  let launched: LaunchedBrowser;
  let site: Awaited<ReturnType<typeof dashboardSite>>;
  beforeAll(async () => {
    site = await dashboardSite();
    launched = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
    await site?.close();
  });

  it('GIVEN a community with answers THEN the board and both charts show, with their tables, and nothing errs', async () => {
    const context = await launched.browser.newContext();
    try {
      const { page, errors } = await watchedPage(context);
      const missing: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) missing.push(new URL(response.url()).pathname);
      });
      await page.goto(`${site.base}/c/${site.token}?lang=en`);
      await expect.poll(() => page.locator('table.board tbody tr').count()).toBe(3);
      const participation = page.locator('svg[aria-labelledby="participation-title participation-desc"]');
      const topics = page.locator('svg[aria-labelledby="topics-title topics-desc"]');
      for (const chart of [participation, topics]) {
        const box = await chart.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(200);
        expect(box?.height ?? 0).toBeGreaterThan(20);
      }
      expect(await participation.locator('rect').count()).toBe(6);
      expect(await page.locator('#participation-table tbody tr').count()).toBe(3);
      expect(await page.locator('#topics-table tbody tr').count()).toBeGreaterThan(0);
      expect(await page.getByRole('img', { name: /Participation per round/ }).count()).toBe(1);
      await page.getByRole('link', { name: 'This week' }).click();
      await expect.poll(() => page.locator('table.board caption').textContent()).toContain('This week');
      expect(new URL(page.url()).pathname).toBe(`/c/${site.token}`);
      // Its stylesheets and icon load too: nothing the page asks for is missing.
      expect(missing).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('GIVEN members named <script>, "><img onerror> and javascript: THEN they are text: no dialog, no injected element, no script link', async () => {
    const context = await launched.browser.newContext();
    try {
      const { page } = await watchedPage(context);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      for (const period of ['streak', 'all']) {
        await page.goto(`${site.base}/c/${site.token}?period=${period}&lang=en`);
        const names = await page.locator('table.board tbody th').allTextContents();
        expect(names).toEqual(expect.arrayContaining(XSS_NAMES));
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('script').count()).toBe(0);
        expect(await page.locator('[onerror]').count()).toBe(0);
        const hrefs = await page.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
        expect(hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
      }
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('GIVEN the dashboard and its 404 in both languages THEN axe-core finds no serious or critical violation', async () => {
    for (const path of [`/c/${site.token}?lang=ko`, `/c/${site.token}?period=week&lang=en`, '/c/not-a-token?lang=en']) {
      expect(await axeViolations(launched.browser, `${site.base}${path}`), path).toEqual([]);
    }
  });
});
