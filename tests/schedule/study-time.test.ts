import { describe, expect, it } from 'vitest';
import {
  type Day,
  fromCron,
  localDate,
  nextFiring,
  nextRoundFiring,
  parseScheduleOptions,
  parseScheduleTokens,
  previousFiring,
  type StudyTime,
  toCron,
} from '../../src/schedule/study-time.ts';

const DAILY: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const spec = (time: string, days: Day[], timezone: string): StudyTime => ({ time, days, timezone });
const iso = (date: Date | undefined) => date?.toISOString();

describe('parsing /quiz schedule tokens', () => {
  it.each([
    ['a time alone: daily in the current zone', ['21:30'], spec('21:30', DAILY, 'Asia/Seoul')],
    ['time, days and zone', ['21:30', 'weekdays', 'Europe/Berlin'], spec('21:30', WEEKDAYS, 'Europe/Berlin')],
    ['the same in any order', ['Europe/Berlin', 'weekdays', '21:30'], spec('21:30', WEEKDAYS, 'Europe/Berlin')],
    ['a one-digit hour, padded', ['9:05'], spec('09:05', DAILY, 'Asia/Seoul')],
    ['midnight', ['00:00'], spec('00:00', DAILY, 'Asia/Seoul')],
    ['the last minute of the day', ['23:59'], spec('23:59', DAILY, 'Asia/Seoul')],
    ['daily spelled out', ['daily', '07:00'], spec('07:00', DAILY, 'Asia/Seoul')],
    ['weekends', ['10:00', 'weekends'], spec('10:00', ['sat', 'sun'], 'Asia/Seoul')],
    ['a day list, sorted Monday first and deduplicated', ['08:00', 'sun,mon,wed,mon'], spec('08:00', ['mon', 'wed', 'sun'], 'Asia/Seoul')],
    ['a single day', ['08:00', 'fri'], spec('08:00', ['fri'], 'Asia/Seoul')],
    ['days and zone in any case', ['08:00', 'WEEKDAYS', 'europe/berlin'], spec('08:00', WEEKDAYS, 'Europe/Berlin')],
    ['a day list in any case', ['08:00', 'Mon,TUE'], spec('08:00', ['mon', 'tue'], 'Asia/Seoul')],
    ['평일 (weekdays in Korean)', ['21:30', '평일'], spec('21:30', WEEKDAYS, 'Asia/Seoul')],
    ['주말 (weekends in Korean)', ['주말', '21:30'], spec('21:30', ['sat', 'sun'], 'Asia/Seoul')],
    ['매일 (daily in Korean)', ['21:30', '매일'], spec('21:30', DAILY, 'Asia/Seoul')],
    ['a Korean day list', ['21:30', '일,월,수'], spec('21:30', ['mon', 'wed', 'sun'], 'Asia/Seoul')],
    ['Korean days written together', ['21:30', '월수금'], spec('21:30', ['mon', 'wed', 'fri'], 'Asia/Seoul')],
    ['Korean day names in full, mixed with English', ['21:30', '월요일,fri'], spec('21:30', ['mon', 'fri'], 'Asia/Seoul')],
    ['a day list typed with spaces', ['21:30', 'mon,', 'wed', ',fri', 'UTC'], spec('21:30', ['mon', 'wed', 'fri'], 'UTC')],
    ['day names in capitals', ['21:30', 'MON,FRI'], spec('21:30', ['mon', 'fri'], 'Asia/Seoul')],
    ['UTC', ['08:00', 'UTC'], spec('08:00', DAILY, 'UTC')],
    ['utc in lower case', ['08:00', 'utc'], spec('08:00', DAILY, 'UTC')],
    ['a zone under its old name, kept under its current one', ['08:00', 'Asia/Calcutta'], spec('08:00', DAILY, 'Asia/Kolkata')],
    ['an old alias in lower case', ['08:00', 'asia/calcutta'], spec('08:00', DAILY, 'Asia/Kolkata')],
    ['a US alias', ['08:00', 'US/Eastern'], spec('08:00', DAILY, 'America/New_York')],
    ['Etc/UTC', ['08:00', 'Etc/UTC'], spec('08:00', DAILY, 'UTC')],
    ['a zone in lower case', ['08:00', 'asia/seoul'], spec('08:00', DAILY, 'Asia/Seoul')],
    ['a three-part zone, kept as typed', ['08:00', 'America/Argentina/Buenos_Aires'], spec('08:00', DAILY, 'America/Argentina/Buenos_Aires')],
    ['extra spaces and empty tokens', [' 21:30 ', '', 'weekdays'], spec('21:30', WEEKDAYS, 'Asia/Seoul')],
  ])('GIVEN %s THEN it is read as that schedule', (_name, tokens, expected) => {
    expect(parseScheduleTokens(tokens, 'Asia/Seoul')).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['an hour past 23', ['25:00'], '25:00', 'time'],
    ['24:00', ['24:00'], '24:00', 'time'],
    ['minute 60', ['12:60'], '12:60', 'time'],
    ['a one-digit minute', ['12:5'], '12:5', 'time'],
    ['seconds', ['12:00:00'], '12:00:00', 'time'],
    ['a time without a colon', ['2130'], '2130', 'time'],
    ['a 12-hour time', ['9pm'], '9pm', 'time'],
    ['an unknown word', ['21:30', 'someday'], 'someday', 'days'],
    ['an unknown day in a list', ['21:30', 'mon,funday'], 'mon,funday', 'days'],
    ['an empty entry in a list', ['21:30', 'mon,,tue'], 'mon,,tue', 'days'],
    ['a day range (not a form we take)', ['21:30', 'mon-fri'], 'mon-fri', 'days'],
    ['a word an object literal would know', ['21:30', 'constructor'], 'constructor', 'days'],
    ['another such word', ['21:30', 'toString,mon'], 'toString,mon', 'days'],
    ['a Korean word that is not a day', ['21:30', '언젠가'], '언젠가', 'days'],
    ['a zone that does not exist', ['21:30', 'Mars/Base'], 'Mars/Base', 'timezone'],
    ['a zone abbreviation', ['21:30', 'KST'], 'KST', 'timezone'],
    ['a day list with a trailing comma', ['21:30', 'mon,'], 'mon,', 'days'],
    ['an offset instead of a zone', ['21:30', '+09:00'], '+09:00', 'timezone'],
    ['two times', ['21:30', '22:00'], '22:00', 'duplicate'],
    ['two day forms', ['21:30', 'weekdays', 'sat'], 'sat', 'duplicate'],
    ['two zones', ['21:30', 'UTC', 'Europe/Berlin'], 'Europe/Berlin', 'duplicate'],
    ['no time at all', ['weekdays', 'Europe/Berlin'], '', 'missing_time'],
    ['nothing', [], '', 'missing_time'],
  ])('GIVEN %s THEN the token is quoted with its problem', (_name, tokens, token, problem) => {
    expect(parseScheduleTokens(tokens, 'Asia/Seoul')).toEqual({ ok: false, token, problem });
  });

  it('GIVEN a bad time and a bad zone THEN the first bad token in time, days, zone order is reported', () => {
    expect(parseScheduleTokens(['Mars/Base', '25:00'], 'UTC')).toEqual({ ok: false, token: '25:00', problem: 'time' });
  });
});

describe('parsing Discord options', () => {
  it('GIVEN only a time THEN it is daily in the current zone', () => {
    expect(parseScheduleOptions({ time: '21:30' }, 'Europe/Berlin')).toEqual({ ok: true, value: spec('21:30', DAILY, 'Europe/Berlin') });
  });

  it('GIVEN all three options THEN each is read as its own kind', () => {
    expect(parseScheduleOptions({ time: '7:15', days: 'sat,sun', timezone: 'America/New_York' }, 'UTC')).toEqual({
      ok: true,
      value: spec('07:15', ['sat', 'sun'], 'America/New_York'),
    });
  });

  it('GIVEN empty days and timezone options THEN they count as absent', () => {
    expect(parseScheduleOptions({ time: '21:30', days: ' ', timezone: '' }, 'Asia/Seoul')).toEqual({ ok: true, value: spec('21:30', DAILY, 'Asia/Seoul') });
  });

  it.each([
    [{ time: '25:00' }, '25:00', 'time'],
    [{ time: 'weekdays' }, 'weekdays', 'time'],
    [{ time: '' }, '', 'missing_time'],
    [{ time: '21:30', days: 'someday' }, 'someday', 'days'],
    [{ time: '21:30', days: 'Europe/Berlin' }, 'Europe/Berlin', 'days'],
    [{ time: '21:30', timezone: 'Mars/Base' }, 'Mars/Base', 'timezone'],
    // Intl reads EST as America/Panama; a user typing it means something else.
    [{ time: '21:30', timezone: 'EST' }, 'EST', 'timezone'],
    [{ time: '21:30', timezone: 'berlin' }, 'berlin', 'timezone'],
  ])('GIVEN %j THEN that option is reported', (options, token, problem) => {
    expect(parseScheduleOptions(options, 'Asia/Seoul')).toEqual({ ok: false, token, problem });
  });
});

describe('study time and cron', () => {
  it.each([
    [spec('09:00', DAILY, 'Asia/Seoul'), '0 9 * * *'],
    [spec('21:30', WEEKDAYS, 'Europe/Berlin'), '30 21 * * 1,2,3,4,5'],
    [spec('00:05', ['sat', 'sun'], 'UTC'), '5 0 * * 0,6'],
    [spec('23:59', ['mon', 'wed', 'sun'], 'UTC'), '59 23 * * 0,1,3'],
  ])('GIVEN %j THEN its cron is %s and reads back as the same schedule', (study, cron) => {
    expect(toCron(study)).toBe(cron);
    expect(fromCron(cron, study.timezone)).toEqual(study);
  });

  it.each([
    ['0 9 * * *', spec('09:00', DAILY, 'Asia/Seoul')],
    ['00 09 * * *', spec('09:00', DAILY, 'Asia/Seoul')],
    ['0 0 9 * * *', spec('09:00', DAILY, 'Asia/Seoul')],
    ['30 21 * * 1-5', spec('21:30', WEEKDAYS, 'Asia/Seoul')],
    ['30 21 * * MON-FRI', spec('21:30', WEEKDAYS, 'Asia/Seoul')],
    ['30 21 * * 6,7', spec('21:30', ['sat', 'sun'], 'Asia/Seoul')],
    ['30 21 * * 0-6', spec('21:30', DAILY, 'Asia/Seoul')],
    ['30 21 ? * *', spec('21:30', DAILY, 'Asia/Seoul')],
  ])('GIVEN the cron %s THEN it is that study time', (cron, expected) => {
    expect(fromCron(cron, 'Asia/Seoul')).toEqual(expected);
  });

  it.each([
    ['*/5 * * * *'],
    ['0 9,21 * * *'],
    ['0 9 1 * *'],
    ['0 9 * 6 *'],
    ['30 0 9 * * *'],
    ['0 24 * * *'],
    ['60 9 * * *'],
    ['0 9 * * 8'],
    ['0 9 * * 5-1'],
    ['0 9 * *'],
    [''],
  ])('GIVEN the cron %j THEN it is not a study time', (cron) => {
    expect(fromCron(cron, 'UTC')).toBeUndefined();
  });
});

describe('the next and the latest firing', () => {
  const seoulDaily = spec('09:00', DAILY, 'Asia/Seoul');
  it.each([
    ["before today's time", seoulDaily, '2026-12-01T23:00:00Z', '2026-12-02T00:00:00.000Z'],
    ['exactly at a firing: strictly after it', seoulDaily, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00.000Z'],
    ['a millisecond before a firing', seoulDaily, '2026-12-01T23:59:59.999Z', '2026-12-02T00:00:00.000Z'],
    ['weekdays on a Friday evening: Monday', spec('21:30', WEEKDAYS, 'Europe/Berlin'), '2026-12-04T21:00:00Z', '2026-12-07T20:30:00.000Z'],
    ['weekends on a Monday: Saturday', spec('10:00', ['sat', 'sun'], 'UTC'), '2026-11-30T12:00:00Z', '2026-12-05T10:00:00.000Z'],
    ['weekends on a Saturday after the time: Sunday', spec('10:00', ['sat', 'sun'], 'UTC'), '2026-12-05T10:00:01Z', '2026-12-06T10:00:00.000Z'],
    ['Sundays only, on a Sunday after the time: a week on', spec('10:00', ['sun'], 'UTC'), '2026-12-06T11:00:00Z', '2026-12-13T10:00:00.000Z'],
    ['mon,wed across the new year', spec('08:00', ['mon', 'wed'], 'Asia/Seoul'), '2026-12-30T00:00:00Z', '2027-01-03T23:00:00.000Z'],
    // 09:00 in Seoul is still the day before in UTC: the day is the zone's, not UTC's.
    ['Mondays in Seoul, from Sunday UTC evening', spec('09:00', ['mon'], 'Asia/Seoul'), '2026-12-06T23:30:00Z', '2026-12-07T00:00:00.000Z'],
    [
      'a late Friday in Los Angeles, which is Saturday in UTC',
      spec('23:00', ['fri'], 'America/Los_Angeles'),
      '2026-12-05T06:00:00Z',
      '2026-12-05T07:00:00.000Z',
    ],
  ])('GIVEN %s THEN the next firing is at the right instant', (_name, study, after, expected) => {
    expect(iso(nextFiring(study, new Date(after)))).toBe(expected);
  });

  it.each([
    ["after today's time", seoulDaily, '2026-12-02T03:00:00Z', '2026-12-02T00:00:00.000Z'],
    ['exactly at a firing: that firing', seoulDaily, '2026-12-02T00:00:00Z', '2026-12-02T00:00:00.000Z'],
    ["just before today's time", seoulDaily, '2026-12-01T23:59:59.999Z', '2026-12-01T00:00:00.000Z'],
    ['weekdays on a Sunday: Friday', spec('21:30', WEEKDAYS, 'Europe/Berlin'), '2026-12-06T12:00:00Z', '2026-12-04T20:30:00.000Z'],
    ['Sundays only, on a Saturday: the Sunday before', spec('10:00', ['sun'], 'UTC'), '2026-12-05T23:00:00Z', '2026-11-29T10:00:00.000Z'],
    ['weekends across the new year', spec('10:00', ['sat', 'sun'], 'UTC'), '2027-01-01T12:00:00Z', '2026-12-27T10:00:00.000Z'],
  ])('GIVEN %s THEN the latest firing is that one', (_name, study, at, expected) => {
    expect(iso(previousFiring(study, new Date(at)))).toBe(expected);
  });

  it.each([
    ['2026-12-01T14:59:59Z', 'Asia/Seoul', '2026-12-01'],
    ['2026-12-01T15:00:00Z', 'Asia/Seoul', '2026-12-02'],
    ['2026-12-01T04:59:59Z', 'America/New_York', '2026-11-30'],
    ['2026-12-31T23:00:00Z', 'Europe/Berlin', '2027-01-01'],
    ['2026-12-31T23:00:00Z', 'UTC', '2026-12-31'],
  ])('GIVEN the instant %s THEN its date in %s is %s', (instant, zone, expected) => {
    expect(localDate(new Date(instant), zone)).toBe(expected);
  });
});

describe('daylight saving', () => {
  const daily = (time: string, zone: string) => spec(time, DAILY, zone);
  const walk = (study: StudyTime, from: string, count: number) => {
    const firings: string[] = [];
    let cursor = new Date(from);
    for (let i = 0; i < count; i += 1) {
      cursor = nextFiring(study, cursor);
      firings.push(cursor.toISOString());
    }
    return firings;
  };

  it('GIVEN 02:30 in Berlin on the spring-forward night (29 March 2026) THEN it fires once, at 03:00 CEST when the clocks jump', () => {
    expect(walk(daily('02:30', 'Europe/Berlin'), '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the jump
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('GIVEN 02:30 in New York on the spring-forward night (8 March 2026) THEN it fires at 03:00 EDT', () => {
    expect(walk(daily('02:30', 'America/New_York'), '2026-03-06T12:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, the jump
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('GIVEN 02:30 in Berlin on the fall-back night (25 October 2026) THEN it fires once, at the first 02:30, and the next day 25 h later', () => {
    const firings = walk(daily('02:30', 'Europe/Berlin'), '2026-10-23T12:00:00Z', 4);
    expect(firings).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the second, 01:30Z, does not fire
      '2026-10-26T01:30:00.000Z', // 02:30 CET
      '2026-10-27T01:30:00.000Z',
    ]);
    expect(Date.parse(firings[2]!) - Date.parse(firings[1]!)).toBe(25 * 3600 * 1000);
  });

  it('GIVEN 01:30 in New York on the fall-back night (1 November 2026) THEN it fires once, at 01:30 EDT, and the next day 25 h later', () => {
    const firings = walk(daily('01:30', 'America/New_York'), '2026-10-31T00:00:00Z', 3);
    expect(firings).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); 06:30Z, 01:30 EST, does not fire
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
    expect(Date.parse(firings[2]!) - Date.parse(firings[1]!)).toBe(25 * 3600 * 1000);
  });

  it('GIVEN an instant between the two 02:30s of the Berlin fall-back night THEN the next firing is the next day and the latest is the first 02:30', () => {
    const study = daily('02:30', 'Europe/Berlin');
    const between = new Date('2026-10-25T01:00:00Z'); // 02:00 CET, the second time round
    expect(iso(nextFiring(study, between))).toBe('2026-10-26T01:30:00.000Z');
    expect(iso(previousFiring(study, new Date('2026-10-25T01:30:00Z')))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('GIVEN a time in the spring gap THEN the latest firing, just after the jump, is the jump instant', () => {
    const study = daily('02:30', 'Europe/Berlin');
    expect(iso(previousFiring(study, new Date('2026-03-29T01:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(previousFiring(study, new Date('2026-03-29T00:59:59.999Z')))).toBe('2026-03-28T01:30:00.000Z');
  });

  it('GIVEN a time outside the gap on a change night THEN it fires at its own local time (spring 09:00 is 23 h after the day before)', () => {
    const firings = walk(daily('09:00', 'Europe/Berlin'), '2026-03-28T00:00:00Z', 2);
    expect(firings).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
  });

  it('GIVEN 03:00 in Berlin on the spring night THEN it fires at 03:00 CEST like the gap time does, once', () => {
    expect(walk(daily('03:00', 'Europe/Berlin'), '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T01:00:00.000Z']);
  });

  it('GIVEN a weekly Sunday 02:30 in Berlin THEN the spring-forward Sunday is not skipped', () => {
    expect(walk(spec('02:30', ['sun'], 'Europe/Berlin'), '2026-03-26T12:00:00Z', 2)).toEqual(['2026-03-29T01:00:00.000Z', '2026-04-05T00:30:00.000Z']);
  });

  it('GIVEN a zone with a half-hour change (Lord Howe, 5 April 2026 back, 4 October 2026 forward) THEN both rules hold there too', () => {
    const study = daily('01:45', 'Australia/Lord_Howe');
    // Fall back at 02:00 LHDT (+11) to 01:30 LHST (+10:30): 01:45 happens twice, fires at the first.
    expect(iso(nextFiring(study, new Date('2026-04-04T12:00:00Z')))).toBe('2026-04-04T14:45:00.000Z');
    // Spring forward at 02:00 LHST to 02:30 LHDT: 02:15 does not exist, fires at the jump.
    expect(iso(nextFiring(daily('02:15', 'Australia/Lord_Howe'), new Date('2026-10-03T12:00:00Z')))).toBe('2026-10-03T15:30:00.000Z');
  });
});

describe('the next firing that starts a new round', () => {
  it("GIVEN today's 09:00 round posted in Seoul and the time moved to 21:30 THEN the next round is tomorrow 21:30, not tonight", () => {
    const moved = spec('21:30', DAILY, 'Asia/Seoul');
    const at = new Date('2026-12-01T01:00:00Z'); // 10:00 in Seoul, after the 09:00 post
    expect(iso(nextFiring(moved, at))).toBe('2026-12-01T12:30:00.000Z');
    expect(iso(nextRoundFiring(moved, at, '2026-12-01'))).toBe('2026-12-02T12:30:00.000Z');
  });

  it("GIVEN today's round posted and the time moved earlier THEN the next round is tomorrow at the new time, as the plain next firing says", () => {
    const moved = spec('07:00', DAILY, 'Asia/Seoul');
    expect(iso(nextRoundFiring(moved, new Date('2026-12-01T01:00:00Z'), '2026-12-01'))).toBe('2026-12-01T22:00:00.000Z');
  });

  it("GIVEN a round posted in Seoul and the zone moved to Berlin, where it is still that date THEN Berlin's first round is the next date", () => {
    const moved = spec('21:30', DAILY, 'Europe/Berlin');
    const at = new Date('2026-12-01T01:00:00Z'); // 02:00 on 1 December in Berlin
    expect(iso(nextRoundFiring(moved, at, '2026-12-01'))).toBe('2026-12-02T20:30:00.000Z');
  });

  it('GIVEN the last round on an older date or no round yet THEN it is the plain next firing', () => {
    const daily = spec('21:30', DAILY, 'Asia/Seoul');
    const at = new Date('2026-12-01T01:00:00Z');
    expect(iso(nextRoundFiring(daily, at, '2026-11-30'))).toBe('2026-12-01T12:30:00.000Z');
    expect(iso(nextRoundFiring(daily, at))).toBe('2026-12-01T12:30:00.000Z');
  });

  it("GIVEN a last round on a date whose midnight is skipped (Santiago, 6 September 2026) THEN the next date's firing at 00:30 still counts", () => {
    // Santiago springs forward at midnight: 6 September begins at 01:00 -03.
    const study = spec('00:30', DAILY, 'America/Santiago');
    expect(iso(nextRoundFiring(study, new Date('2026-09-05T12:00:00Z'), '2026-09-05'))).toBe('2026-09-06T04:00:00.000Z');
  });
});
