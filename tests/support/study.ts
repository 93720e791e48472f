import path from 'node:path';
import { commands } from '../../commands/index.ts';
import { loadContent } from '../../src/content/loader.ts';
import type { Content } from '../../src/content/schema.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createStudy } from '../../src/core/create-study.ts';
import { Dispatcher, type DispatchObserver } from '../../src/core/dispatcher.ts';
import type { Locale } from '../../src/core/i18n.ts';
import { type CoreLogger, silentLogger } from '../../src/core/logger.ts';
import type { Study, WebLinks } from '../../src/core/study.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';

export const FIXTURE_CONTENT = path.resolve(import.meta.dirname, '../fixtures/content');
/** The small fixture plus a second chapter written as YAML only (book.yaml, glossary, trivia). */
export const TWO_CHAPTERS_CONTENT = path.resolve(import.meta.dirname, '../fixtures/content-two-chapters');
export const SHIPPED_CONTENT = path.resolve(import.meta.dirname, '../../content');

export interface TestStudy {
  study: Study;
  dispatcher: Dispatcher;
  store: Store;
  clock: ManualClock;
  content: Content;
}

/** A whole core on real parts: real content loader, a real store (memory by default), a manual clock. */
export async function testStudy(options: {
  contentDir?: string;
  storeUrl?: string;
  store?: Store;
  start?: string;
  cron?: string;
  timezone?: string;
  locale?: Locale;
  logger?: CoreLogger;
  observer?: DispatchObserver;
  web?: WebLinks;
} = {}): Promise<TestStudy> {
  const content = await loadContent(options.contentDir ?? FIXTURE_CONTENT);
  const store = options.store ?? (await createStore(options.storeUrl ?? 'memory://'));
  const clock = new ManualClock(options.start ?? '2026-11-28T00:30:00Z');
  const study = createStudy({
    content,
    store,
    clock,
    schedule: cronSchedule(options.cron ?? '0 9 * * *', options.timezone ?? 'Asia/Seoul'),
    defaultLocale: options.locale ?? 'ko',
    ...(options.web ? { web: options.web } : {}),
  });
  const dispatcher = new Dispatcher(commands, study, options.logger ?? silentLogger, options.observer);
  return { study, dispatcher, store, clock, content };
}
