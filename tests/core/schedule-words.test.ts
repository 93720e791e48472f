import { describe, expect, it } from 'vitest';
import { cronInWords, roundLabel, scheduleInWords } from '../../src/core/schedule-words.ts';
import { cronSchedule, roundIdFor } from '../../src/schedule/cron-schedule.ts';

describe('schedules in words', () => {
  it.each([
    ['0 9 * * *', '매일 09:00', 'daily at 09:00'],
    ['0 0 9 * * *', '매일 09:00', 'daily at 09:00'],
    ['30 21 * * 1-5', '평일 21:30', 'weekdays at 21:30'],
    ['30 21 * * MON-FRI', '평일 21:30', 'weekdays at 21:30'],
    ['0 10 * * 0,6', '주말 10:00', 'weekends at 10:00'],
    ['0 10 * * sat,sun', '주말 10:00', 'weekends at 10:00'],
    ['0 10 * * 6-7', '주말 10:00', 'weekends at 10:00'],
    ['0 9 * * 1,3,5', '월·수·금 09:00', 'Mon, Wed, Fri at 09:00'],
    ['0 9 * * 0,2', '화·일 09:00', 'Tue, Sun at 09:00'],
    ['0 9,21 * * *', '매일 09:00, 21:00', 'daily at 09:00, 21:00'],
    ['0 9 * * 0-6', '매일 09:00', 'daily at 09:00'],
    ['*/10 * * * *', '10분마다', 'every 10 minutes'],
    ['* * * * *', '매분', 'every minute'],
    ['0 * * * *', '매시 정각', 'every hour'],
    ['0 */3 * * *', '3시간마다', 'every 3 hours'],
  ])('GIVEN %j THEN ko %j and en %j', (cron, ko, en) => {
    expect(cronInWords(cron, 'ko')).toEqual({ odd: false, words: ko });
    expect(cronInWords(cron, 'en')).toEqual({ odd: false, words: en });
  });

  it.each(['0 9 1 * *', '0 9 * 12 *', '*/7 * * * *', '15 */2 * * *', '0 9 * * */2', '*/3 * * * * *', '5 0 9 * * *', '0 9-17 * * *'])(
    'GIVEN the odd cron %j THEN it is odd AND the schedule shows it raw',
    (cron) => {
      expect(cronInWords(cron, 'en')).toEqual({ odd: true });
      expect(scheduleInWords(cron, 'UTC', 'en')).toBe(`custom schedule \`${cron}\` (UTC)`);
      expect(scheduleInWords(cron, 'UTC', 'ko')).toBe(`사용자 지정 일정 \`${cron}\` (UTC)`);
    },
  );

  it('GIVEN a schedule and its zone THEN the words carry the zone and no raw cron', () => {
    expect(scheduleInWords('30 21 * * 1-5', 'Europe/Berlin', 'ko')).toBe('평일 21:30 (Europe/Berlin)');
    expect(scheduleInWords('30 21 * * 1-5', 'Europe/Berlin', 'en')).toBe('weekdays at 21:30 (Europe/Berlin)');
  });
});

describe('round labels', () => {
  it('GIVEN a sub-daily round id THEN a date and time a person reads, in the schedule zone', () => {
    const schedule = cronSchedule('47 */1 * * *', 'Asia/Seoul');
    // 2026-12-01 17:47 UTC is 02:47 on Dec 2 in Seoul.
    const roundId = roundIdFor(new Date('2026-12-01T17:47:00Z'), schedule);
    expect(roundId).toBe('2026-12-02T024700');
    expect(roundLabel(roundId, 'ko')).toBe('12월 2일 02:47');
    expect(roundLabel(roundId, 'en')).toBe('Dec 2, 02:47');
  });

  it('GIVEN a daily round id THEN just the date', () => {
    const roundId = roundIdFor(new Date('2026-12-02T00:00:00Z'), cronSchedule('0 9 * * *', 'Asia/Seoul'));
    expect(roundId).toBe('2026-12-02');
    expect(roundLabel(roundId, 'ko')).toBe('12월 2일');
    expect(roundLabel(roundId, 'en')).toBe('Dec 2');
  });

  it('GIVEN a round every few seconds THEN the seconds tell its rounds apart', () => {
    expect(roundLabel('2026-12-02T024703', 'en')).toBe('Dec 2, 02:47:03');
  });

  it('GIVEN an id of another shape THEN it is shown as it is', () => {
    expect(roundLabel('r1', 'ko')).toBe('r1');
  });
});
