import type { Content } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { Communities } from './communities.ts';
import type { GlossarySearch } from './glossary-search.ts';
import type { PracticeEngine } from './practice.ts';
import type { RoundEngine } from './rounds.ts';
import type { Subscriptions } from './subscriptions.ts';

/** What the daily schedule tells the commands (`/quiz status`). */
export interface ScheduleInfo {
  cron: string;
  timezone: string;
  /** The first firing strictly after `after`. */
  next(after: Date): Date | undefined;
  /** A study time (minute, hour, days of the week): `next` follows the daylight-saving rules exactly. */
  exact?: boolean;
  /** The latest firing at or before `atOrBefore`, when the schedule can say it directly. */
  previous?(atOrBefore: Date): Date | undefined;
}

/** Where the web pages are, for links from chat. */
export interface WebLinks {
  /** The pages' address without a trailing slash (PUBLIC_URL, else http://localhost:<PORT>). */
  publicUrl: string;
  /** Definitions carry an "open on the web" link: only when PUBLIC_URL was set, so chat never links to someone's localhost. */
  linkDefinitions: boolean;
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
  /** Each community's settings over the deployment's defaults, and the indexes the schedule reads. */
  communities: Communities;
  /** Absent where no web pages are served (most tests). */
  web?: WebLinks;
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
