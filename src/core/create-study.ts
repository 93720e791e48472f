import type { Content } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { GlossarySearch } from './glossary-search.ts';
import type { Locale } from './i18n.ts';
import { PracticeEngine } from './practice.ts';
import { RoundEngine } from './rounds.ts';
import type { ScheduleInfo, Study } from './study.ts';
import { Subscriptions } from './subscriptions.ts';

export function createStudy(parts: { content: Content; store: Store; clock: Clock; schedule: ScheduleInfo; defaultLocale: Locale }): Study {
  const { content, store, clock } = parts;
  return {
    ...parts,
    search: new GlossarySearch(content.glossary),
    practice: new PracticeEngine(store, content, clock),
    rounds: new RoundEngine(store, content, clock),
    subscriptions: new Subscriptions(store),
  };
}
