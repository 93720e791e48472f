/**
 * What bench/communities.ts and its start-up child share: the 200 schedules, the study
 * over a store, and an adapter that only counts what it is handed.
 */
import path from 'node:path';
import type { Adapter, PostedMessage } from '../src/adapters/adapter.ts';
import { loadContent } from '../src/content/loader.ts';
import type { Content } from '../src/content/schema.ts';
import type { Clock } from '../src/core/clock.ts';
import { scheduleKey } from '../src/core/communities.ts';
import { createStudy } from '../src/core/create-study.ts';
import type { Reply } from '../src/core/reply.ts';
import type { Study } from '../src/core/study.ts';
import type { Where } from '../src/core/request.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { type Day, type StudyTime, toCron } from '../src/schedule/study-time.ts';
import type { Store } from '../src/store/store.ts';

export const SCHEDULES = 200;
export const ZONES = [
  'Asia/Seoul',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Europe/Berlin',
  'Europe/London',
  'Africa/Johannesburg',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Los_Angeles',
] as const;
const DAY_SETS: Day[][] = [
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  ['mon', 'tue', 'wed', 'thu', 'fri'],
  ['sat', 'sun'],
  ['mon', 'wed', 'fri'],
];

/** The deployment's own schedule; no community of the bench keeps it. */
export const DEFAULTS = { cron: '0 9 * * *', timezone: 'Asia/Seoul', locale: 'ko' as const };

export interface BenchSchedule {
  spec: StudyTime;
  cron: string;
  timezone: string;
  key: string;
}

const asSchedule = (spec: StudyTime): BenchSchedule => {
  const cron = toCron(spec);
  return { spec, cron, timezone: spec.timezone, key: scheduleKey({ cron, timezone: spec.timezone, customSchedule: true }) };
};

/** 200 distinct (time, days, zone) over 12 zones; the first, daily 21:30 in Seoul, is the one that makes 1,000 due. */
export function benchSchedules(): BenchSchedule[] {
  const list = Array.from({ length: SCHEDULES }, (_, j) => {
    const minute = (j * 7) % 60;
    const hour = 6 + ((Math.floor(j / 48) * 5 + (j % 12)) % 17);
    const time = j === 0 ? '21:30' : `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    return asSchedule({ time, days: DAY_SETS[Math.floor(j / 12) % DAY_SETS.length]!, timezone: ZONES[j % ZONES.length]! });
  });
  if (new Set(list.map((s) => s.key)).size !== SCHEDULES) throw new Error('bench schedules are not distinct');
  return list;
}

/** A schedule nobody is on, for the idle firing. */
export const NOBODY = asSchedule({ time: '04:44', days: ['sun'], timezone: 'Asia/Seoul' });

/** Community i's schedule: the first 1,000 (or all, when fewer) on the hot one, the rest spread over the other 199. */
export function scheduleIndexOf(i: number, hotCount: number): number {
  return i < hotCount ? 0 : 1 + ((i - hotCount) % (SCHEDULES - 1));
}

export const communityName = (i: number) => `9${String(i).padStart(17, '0')}`;
export const channelName = (i: number) => `8${String(i).padStart(17, '0')}`;

export async function benchContent(): Promise<Content> {
  const content = await loadContent(path.resolve('content'));
  return content.trivia.length > 0 ? content : loadContent(path.resolve('tests/fixtures/content'));
}

export function benchStudy(content: Content, store: Store, clock: Clock): Study {
  return createStudy({ content, store, clock, schedule: cronSchedule(DEFAULTS.cron, DEFAULTS.timezone), defaultLocale: DEFAULTS.locale });
}

/** An in-process platform that keeps nothing: it counts what it is handed and when the last question came. */
export class CountingAdapter implements Adapter {
  readonly platform = 'discord' as const;
  posts = 0;
  edits = 0;
  lastPostAt = 0;
  private nextId = 1;

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  isReady(): boolean {
    return true;
  }

  async post(where: Where, _reply: Reply): Promise<PostedMessage> {
    this.posts += 1;
    this.lastPostAt = performance.now();
    return { platform: where.platform, community: where.community, channel: where.channel, messageId: `m${this.nextId++}` };
  }

  async edit(_message: PostedMessage, _reply: Reply): Promise<void> {
    this.edits += 1;
  }
}
