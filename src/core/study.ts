import type { Content } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { GlossarySearch } from './glossary-search.ts';
import type { Locale } from './i18n.ts';
import type { PracticeEngine } from './practice.ts';
import type { RoundEngine } from './rounds.ts';
import type { Subscriptions } from './subscriptions.ts';

/** What the daily schedule tells the commands (`/quiz status`). */
export interface ScheduleInfo {
  cron: string;
  timezone: string;
  /** The first firing strictly after `after`. */
  next(after: Date): Date | undefined;
}

/** Everything a command handler may use; built once in main.ts, swapped wholesale in tests. */
export interface Study {
  content: Content;
  search: GlossarySearch;
  store: Store;
  clock: Clock;
  practice: PracticeEngine;
  rounds: RoundEngine;
  subscriptions: Subscriptions;
  schedule: ScheduleInfo;
  defaultLocale: Locale;
}

/** Formats an instant for people in the schedule's zone, e.g. "2026-11-29 09:00 (Asia/Seoul)". */
export function formatInZone(date: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${timezone})`;
}
