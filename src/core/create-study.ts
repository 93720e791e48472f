import type { Content } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { GlossarySearch } from './glossary-search.ts';
import type { Locale } from './i18n.ts';
import { PracticeEngine } from './practice.ts';
import { RoundEngine } from './rounds.ts';
import type { ScheduleInfo, Study, WebLinks } from './study.ts';
import { Subscriptions } from './subscriptions.ts';
import { Communities } from './communities.ts';

export function createStudy(parts: { content: Content; store: Store; clock: Clock; schedule: ScheduleInfo; defaultLocale: Locale; web?: WebLinks }): Study {
  const { content, store, clock } = parts;
  // The environment's schedule and language are the defaults of every community.
  const communities = new Communities(store, { cron: parts.schedule.cron, timezone: parts.schedule.timezone, locale: parts.defaultLocale });
  return {
    content,
    store,
    clock,
    search: new GlossarySearch(content.glossary),
    practice: new PracticeEngine(store, content, clock),
    rounds: new RoundEngine(store, content, clock),
    subscriptions: new Subscriptions(store, communities),
    communities,
    ...(parts.web ? { web: parts.web } : {}),
  };
}
