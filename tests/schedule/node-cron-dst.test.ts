import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextFiring } from '../../src/schedule/study-time.ts';


/** node-cron's own matcher, as its timer walks it (cronSchedule uses study-time's rules for such crons). */
function nodeCron(expression: string, timezone: string): { next: (after: Date) => Date } {
  const task = cron.createTask(expression, () => undefined, { timezone, name: 'dst-probe' });
  const matcher = (task as unknown as { timeMatcher: { getNextMatch(date: Date): Date } }).timeMatcher;
  void task.destroy();
  return { next: (after) => matcher.getNextMatch(after) };
}

/**
 * What node-cron 4.6.0's matcher (the one cronSchedule and node-cron's own timer both walk,
 * from one firing to the next) does across the 2026 daylight-saving changes, pinned so an
 * upgrade that changes it is noticed. It differs from the study-time rules, which is why
 * those are computed in study-time.ts and not taken from node-cron.
 */
const walk = (next: (after: Date) => Date | undefined, from: string, count: number) => {
  const firings: string[] = [];
  let cursor: Date | undefined = new Date(from);
  for (let i = 0; i < count && cursor; i += 1) {
    cursor = next(cursor);
    if (cursor) firings.push(cursor.toISOString());
  }
  return firings;
};

describe('node-cron 4.6.0 across daylight saving (what the timers would do on their own)', () => {
  it('GIVEN 30 2 * * * in Berlin THEN the spring-forward day (29 March) has no firing at all', () => {
    expect(walk(nodeCron('30 2 * * *', 'Europe/Berlin').next, '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z', // 29 March skipped
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('GIVEN 30 2 * * 0 in Berlin THEN the spring-forward Sunday is skipped, a whole week without a round', () => {
    expect(walk(nodeCron('30 2 * * 0', 'Europe/Berlin').next, '2026-03-26T12:00:00Z', 1)).toEqual(['2026-04-05T00:30:00.000Z']);
  });

  it('GIVEN 30 2 * * * in Berlin THEN the fall-back day fires once, but at the second 02:30 (CET), an hour after the first', () => {
    const firings = walk(nodeCron('30 2 * * *', 'Europe/Berlin').next, '2026-10-24T12:00:00Z', 2);
    expect(firings).toEqual(['2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    expect(nextFiring({ time: '02:30', days: ['sun'], timezone: 'Europe/Berlin' }, new Date('2026-10-24T12:00:00Z')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it("GIVEN 30 2 * * * in Berlin asked from 02:45 CEST on the fall-back night THEN it passes over that night's 02:30 CET too", () => {
    // A timer (re)started in that half hour: node-cron's walk compares wall readings only.
    expect(nodeCron('30 2 * * *', 'Europe/Berlin').next(new Date('2026-10-25T00:45:00Z'))?.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('GIVEN 30 2 * * * in New York THEN 8 March has no firing', () => {
    expect(walk(nodeCron('30 2 * * *', 'America/New_York').next, '2026-03-06T12:00:00Z', 2)).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z', // 8 March skipped
    ]);
  });

  it('GIVEN 30 1 * * * in New York THEN the fall-back day fires once, at the first 01:30 (EDT): west of UTC it picks the other showing', () => {
    expect(walk(nodeCron('30 1 * * *', 'America/New_York').next, '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  describe('the real timer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each([
      [
        'the spring-forward night: 29 March skipped',
        '2026-03-27T12:00:00Z',
        ['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z'],
      ],
      [
        'the fall-back night: once, at the second 02:30',
        '2026-10-23T12:00:00Z',
        ['2026-10-24T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'],
      ],
    ])('GIVEN a scheduled 30 2 * * * task in Berlin over %s THEN it fires as its matcher says', async (_name, from, expected) => {
      vi.useFakeTimers({ now: new Date(from) });
      const fired: string[] = [];
      const task = cron.schedule('30 2 * * *', () => void fired.push(new Date().toISOString()), { timezone: 'Europe/Berlin' });
      for (let hour = 0; hour < 4 * 24; hour += 1) await vi.advanceTimersByTimeAsync(3600_000);
      await task.destroy();
      expect(fired).toEqual(expected);
    });
  });
});
