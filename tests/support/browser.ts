/**
 * Real-browser checks: Debian's chromium driven by playwright-core (no browser download).
 * No binary → the browser tests skip with a visible reason; under CI=true they fail instead,
 * so a CI image without chromium cannot pass silently.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserAvailability {
  available: boolean;
  /** Why the browser tests do not run, for the skip message. */
  reason?: string;
}

export function browserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM_PATH)) return { available: true };
  const reason = `no browser at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`browser tests cannot run under CI=true: ${reason}`);
  console.warn(`skipping browser tests: ${reason}`);
  return { available: false, reason };
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * A headless chromium. Playwright gives every launch a fresh temporary profile of its own and
 * removes it on close (it refuses a `--user-data-dir` argument), so runs never share state.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/** A page that records console errors and uncaught page errors, for "loads with no console errors". */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on `url` and returns the serious and critical violations. Our CSP forbids
 * injected scripts, so this uses its own context with bypassCSP; the CSP and XSS checks
 * must use a normal context (never this one).
 */
export async function axeViolations(browser: Browser, url: string): Promise<AxeViolation[]> {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run: (
              context: unknown,
              options: unknown,
            ) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
          };
        }
      ).axe;
      const report = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
      return report.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      }));
    });
    return results.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  } finally {
    await context.close();
  }
}
