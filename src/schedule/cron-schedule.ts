import cron from 'node-cron';
import type { ScheduleInfo } from '../core/study.ts';
import { fromCron, nextFiring, previousFiring as previousStudyFiring } from './study-time.ts';

interface TimeMatcherLike {
  getNextMatch(date: Date): Date;
}

/**
 * The schedule as data: which instants fire. node-cron's own matcher computes
 * the next firing after any instant, so `/quiz status` and catch-up can ask
 * about times other than now (an injected clock).
 */
export function cronSchedule(expression: string, timezone: string): ScheduleInfo {
  // A study time gets its firings from study-time's rules for skipped and repeated local times.
  const spec = fromCron(expression, timezone);
  if (spec)
    return {
      cron: expression,
      timezone,
      exact: true,
      next: (after) => nextFiring(spec, after),
      previous: (atOrBefore) => previousStudyFiring(spec, atOrBefore),
    };
  const task = cron.createTask(expression, () => undefined, { timezone, name: 'schedule-probe' });
  const matcher = (task as unknown as { timeMatcher?: TimeMatcherLike }).timeMatcher;
  void task.destroy();
  return {
    cron: expression,
    timezone,
    next(after: Date): Date | undefined {
      if (matcher) return matcher.getNextMatch(after);
      return undefined;
    },
  };
}

const MAX_LOOK_BACK_MS = 400 * 24 * 3600 * 1000;

/**
 * The latest firing at or before `at`, for catch-up after downtime. The look-back starts at a
 * second and doubles until it holds a firing, so a seconds-level schedule finds the firing of a
 * moment ago without walking days of them, and a monthly one still finds last month's.
 */
export function previousFiring(schedule: ScheduleInfo, at: Date, maxLookBackMs = MAX_LOOK_BACK_MS): Date | undefined {
  // A study time knows its own: the search below costs some twenty next() calls, 2 ms each
  // schedule, which a start-up with hundreds of schedules felt.
  if (schedule.previous) return schedule.previous(at);
  for (let window = 1000; ; window *= 2) {
    const span = Math.min(window, maxLookBackMs);
    let cursor = schedule.next(new Date(at.getTime() - span));
    if (cursor && cursor.getTime() <= at.getTime()) {
      // The window is at most twice the gap between firings, so this walks only a few of them.
      let last = cursor;
      for (let steps = 0; cursor && cursor.getTime() <= at.getTime() && steps < 10_000; steps += 1) {
        last = cursor;
        cursor = schedule.next(cursor);
      }
      return last;
    }
    if (span >= maxLookBackMs) return undefined;
  }
}

/**
 * The round id of a firing: its date in the schedule's zone, plus the time when
 * the schedule fires more than once a day.
 */
export function roundIdFor(firing: Date, schedule: ScheduleInfo): string {
  const next = schedule.next(firing);
  const subDaily = next !== undefined && next.getTime() - firing.getTime() < 20 * 3600 * 1000;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: schedule.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(firing);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  return subDaily ? `${day}T${get('hour')}${get('minute')}${get('second')}` : day;
}
