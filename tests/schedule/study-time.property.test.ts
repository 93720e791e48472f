import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Day,
  fromCron,
  localDate,
  nextFiring,
  nextRoundFiring,
  parseScheduleTokens,
  previousFiring,
  type StudyTime,
  toCron,
} from '../../src/schedule/study-time.ts';

const WEEK: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// Zones with the awkward cases: changes at 02:00 and 03:00 (Berlin, New York), at midnight
// (Santiago, Havana: midnight itself is skipped), by half an hour (Lord Howe), at a quarter-hour
// offset (Chatham), several a year (Casablanca), none (Seoul, Kolkata), and the southern
// hemisphere (Sydney). Apia is left out: it skipped all of 30 December 2011, a date no rule can fire on.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Australia/Sydney',
  'America/St_Johns',
  'Asia/Seoul',
  'Asia/Kolkata',
  'UTC',
];

// The oracle reads wall clocks through Intl directly, not through the module under test.
const oracle = new Map<string, Intl.DateTimeFormat>();
function wall(instant: number, zone: string) {
  let format = oracle.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    oracle.set(zone, format);
  }
  const [date = '', time = ''] = format.format(instant).split(' ');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
  return { year, month, day, hour, minute, second, asUtc: Date.UTC(year, month - 1, day, hour, minute, second) };
}
const dayOf = (w: { year: number; month: number; day: number }) => WEEK[(new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7] as Day;

const timeOf = (hours: fc.Arbitrary<number>) =>
  fc
    .tuple(hours, fc.oneof(fc.constantFrom(0, 15, 30, 45), fc.integer({ min: 0, max: 59 })))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const days = fc.subarray(WEEK, { minLength: 1 });

const offsetAt = (instant: number, zone: string) => wall(instant, zone).asUtc - Math.floor(instant / 1000) * 1000;

/** Noon UTC of each day in 2025-2027 on which the zone's offset changes, found by asking Intl day by day. */
function changesOf(zone: string): number[] {
  const found: number[] = [];
  for (let day = Date.UTC(2025, 0, 1, 12); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
    if (offsetAt(day, zone) !== offsetAt(day + 86_400_000, zone)) found.push(day);
  }
  return found;
}
const CHANGING = ZONES.map((zone) => [zone, changesOf(zone)] as const).filter(([, changes]) => changes.length > 0);

// Half the cases anywhere in 2000-2040; half within two days of one of the zone's own changes,
// at a time of night when clocks change, where the rules bite.
const anywhere = fc.tuple(
  fc.record({ time: timeOf(fc.integer({ min: 0, max: 23 })), days, timezone: fc.constantFrom(...ZONES) }),
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
);
const nearAChange = fc.constantFrom(...CHANGING).chain(([zone, changes]) =>
  fc.tuple(
    fc.record({ time: timeOf(fc.constantFrom(0, 1, 2, 3, 4, 22, 23)), days, timezone: fc.constant(zone) }),
    fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 })).map(([at, shift]) => at + shift),
  ),
);
const cases = fc.oneof(anywhere, nearAChange);

/** Does the firing keep the rules: the spec's time on one of its days, or the jump of a gap, and never a second showing? */
function keepsTheRules(spec: StudyTime, firing: number): void {
  const [hour, minute] = spec.time.split(':').map(Number) as [number, number];
  const reading = wall(firing, spec.timezone);
  const wanted = Date.UTC(reading.year, reading.month - 1, reading.day, hour, minute);
  expect(spec.days).toContain(dayOf(reading));
  if (reading.asUtc === wanted) {
    // Not a second showing: no earlier instant a shift's length before showed the same time.
    for (const shift of [15, 30, 45, 60, 90, 120]) expect(wall(firing - shift * 60_000, spec.timezone).asUtc).not.toBe(wanted);
  } else {
    // A gap: the wanted time was skipped, and the firing is the instant the clocks jumped past it.
    expect(wall(firing - 1000, spec.timezone).asUtc).toBeLessThan(wanted);
    expect(reading.asUtc).toBeGreaterThan(wanted);
  }
}

describe('firings, for any schedule and instant', () => {
  it('GIVEN any schedule and instant THEN the next firing is after it, keeps the rules, and none is skipped before it', () => {
    fc.assert(
      fc.property(cases, ([spec, t]) => {
        const next = nextFiring(spec, new Date(t)).getTime();
        expect(next).toBeGreaterThan(t);
        keepsTheRules(spec, next);
        const before = previousFiring(spec, new Date(next - 1));
        expect(before).toBeDefined();
        expect(before!.getTime()).toBeLessThanOrEqual(t);
      }),
      { numRuns: 600 },
    );
  });

  it('GIVEN any schedule and instant THEN the latest firing is at or before it, keeps the rules, and leads to the same next firing', () => {
    fc.assert(
      fc.property(cases, ([spec, t]) => {
        const latest = previousFiring(spec, new Date(t));
        expect(latest).toBeDefined();
        expect(latest!.getTime()).toBeLessThanOrEqual(t);
        keepsTheRules(spec, latest!.getTime());
        expect(nextFiring(spec, latest!).getTime()).toBe(nextFiring(spec, new Date(t)).getTime());
      }),
      { numRuns: 600 },
    );
  });

  it("GIVEN any schedule, instant and last round date THEN the next round's firing is after both, and no firing of a newer date comes before it", () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: -3, max: 3 }), ([spec, t], shift) => {
        const lastRound = localDate(new Date(t + shift * 86_400_000), spec.timezone);
        const next = nextRoundFiring(spec, new Date(t), lastRound);
        expect(next.getTime()).toBeGreaterThan(t);
        expect(localDate(next, spec.timezone) > lastRound).toBe(true);
        keepsTheRules(spec, next.getTime());
        const before = previousFiring(spec, new Date(next.getTime() - 1));
        if (before && before.getTime() > t) expect(localDate(before, spec.timezone) <= lastRound).toBe(true);
      }),
      { numRuns: 600 },
    );
  });
});

describe('the written forms, for any schedule', () => {
  const anySchedule = fc.record({ time: timeOf(fc.integer({ min: 0, max: 23 })), days, timezone: fc.constantFrom(...ZONES) });

  it('GIVEN any schedule THEN its cron reads back as the same schedule', () => {
    fc.assert(
      fc.property(anySchedule, (spec) => {
        expect(fromCron(toCron(spec), spec.timezone)).toEqual(spec);
      }),
    );
  });

  it('GIVEN any schedule written as tokens in any order THEN the tokens read back as it', () => {
    fc.assert(
      fc.property(anySchedule, fc.boolean(), fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }), (spec, upper, order) => {
        const dayList = spec.days.join(',');
        const tokens = [spec.time.replace(/^0(\d)/, '$1'), upper ? dayList.toUpperCase() : dayList, spec.timezone];
        expect(
          parseScheduleTokens(
            order.map((index) => tokens[index] ?? ''),
            'Asia/Seoul',
          ),
        ).toEqual({ ok: true, value: spec });
      }),
      { numRuns: 300 },
    );
  });
});
