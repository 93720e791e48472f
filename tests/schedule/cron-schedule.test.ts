import { describe, expect, it } from 'vitest';
import { cronSchedule, previousFiring } from '../../src/schedule/cron-schedule.ts';

describe('the latest firing, for catch-up', () => {
  it.each([
    ['a daily 09:00 in Seoul, at noon', '0 9 * * *', 'Asia/Seoul', '2026-11-29T03:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['a daily 09:00 in Seoul, just before it', '0 9 * * *', 'Asia/Seoul', '2026-11-28T23:59:59Z', '2026-11-28T00:00:00.000Z'],
    ['a firing exactly now', '0 9 * * *', 'Asia/Seoul', '2026-11-29T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['every three seconds', '*/3 * * * * *', 'UTC', '2026-11-29T12:00:07Z', '2026-11-29T12:00:06.000Z'],
    ['every minute', '* * * * *', 'UTC', '2026-11-29T12:00:59Z', '2026-11-29T12:00:00.000Z'],
    ['monthly on the 1st', '0 9 1 * *', 'Asia/Seoul', '2026-11-20T00:00:00Z', '2026-11-01T00:00:00.000Z'],
    ['weekly on Monday in Berlin across the DST change', '0 9 * * 1', 'Europe/Berlin', '2026-10-27T12:00:00Z', '2026-10-26T08:00:00.000Z'],
  ])('GIVEN %s THEN it is the firing just passed, not an older one', (_name, cron, zone, at, expected) => {
    expect(previousFiring(cronSchedule(cron, zone), new Date(at))?.toISOString()).toBe(expected);
  });

  it('GIVEN a schedule that fired longer ago than the look-back THEN there is nothing to catch up', () => {
    expect(previousFiring(cronSchedule('0 9 29 2 *', 'UTC'), new Date('2026-11-29T00:00:00Z'))).toBeUndefined();
  });

  it('GIVEN a study time THEN its latest firing comes from its own rules, without searching through next()', () => {
    const schedule = cronSchedule('30 21 * * 1,3,5', 'Europe/Berlin');
    let calls = 0;
    const counted = {
      ...schedule,
      next: (after: Date) => {
        calls += 1;
        return schedule.next(after);
      },
    };
    expect(previousFiring(counted, new Date('2026-11-28T12:00:00Z'))?.toISOString()).toBe('2026-11-27T20:30:00.000Z');
    expect(calls).toBe(0);
  });

  it('GIVEN a seconds-level schedule THEN finding the firing walks only a few of them', () => {
    const schedule = cronSchedule('* * * * * *', 'UTC');
    let calls = 0;
    const counted = {
      ...schedule,
      next: (after: Date) => {
        calls += 1;
        return schedule.next(after);
      },
    };
    expect(previousFiring(counted, new Date('2026-11-29T12:00:00.500Z'))?.toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(calls).toBeLessThan(10);
  });
});
