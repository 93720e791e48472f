/**
 * Weeks and months of a community's calendar: a round belongs to the period of its date in
 * the community's zone (the round id starts with that date); weeks are ISO weeks, Monday to
 * Sunday (`2026-W49`), months are calendar months (`2026-12`).
 */
import { addDays, instantOf, wallTime } from '../schedule/zone-clock.ts';
import type { Locale } from './i18n.ts';

export type PeriodKind = 'week' | 'month';

interface Day {
  year: number;
  month: number;
  day: number;
}

export interface Period {
  kind: PeriodKind;
  /** `2026-W49` or `2026-12`. */
  id: string;
  first: Day;
  /** The last day, inclusive. */
  last: Day;
}

const pad = (n: number) => String(n).padStart(2, '0');
const weekday = (d: Day) => (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7; // Monday 0

function parseDay(text: string): Day | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** The ISO week holding a day: its Thursday decides the year. */
function weekOf(day: Day): Period {
  const monday = addDays(day, -weekday(day));
  const thursday = addDays(monday, 3);
  const jan4 = { year: thursday.year, month: 1, day: 4 };
  const firstMonday = addDays(jan4, -weekday(jan4));
  const week = Math.round((Date.UTC(monday.year, monday.month - 1, monday.day) - Date.UTC(firstMonday.year, firstMonday.month - 1, firstMonday.day)) / (7 * 86_400_000)) + 1;
  return { kind: 'week', id: `${thursday.year}-W${pad(week)}`, first: monday, last: addDays(monday, 6) };
}

function monthOf(day: Day): Period {
  const last = addDays({ year: day.month === 12 ? day.year + 1 : day.year, month: day.month === 12 ? 1 : day.month + 1, day: 1 }, -1);
  return { kind: 'month', id: `${day.year}-${pad(day.month)}`, first: { year: day.year, month: day.month, day: 1 }, last };
}

export function periodOf(kind: PeriodKind, day: Day): Period {
  return kind === 'week' ? weekOf(day) : monthOf(day);
}

/** The periods of a round, from the local date its id starts with. */
export function periodsOfRound(roundId: string): { week: Period; month: Period } | undefined {
  const day = parseDay(roundId);
  return day ? { week: weekOf(day), month: monthOf(day) } : undefined;
}

/** The period that holds `now` in the zone. */
export function currentPeriod(kind: PeriodKind, now: Date, zone: string): Period {
  return periodOf(kind, wallTime(now, zone));
}

/** `2026-W48` for a week, `2026-11` for a month; undefined when malformed or out of range. */
export function parsePeriod(kind: PeriodKind, text: string): Period | undefined {
  if (kind === 'week') {
    const match = /^(\d{4})-W(\d{2})$/i.exec(text.trim());
    if (!match) return undefined;
    const [year, week] = [Number(match[1]), Number(match[2])];
    const jan4 = { year, month: 1, day: 4 };
    const monday = addDays(addDays(jan4, -weekday(jan4)), (week - 1) * 7);
    const period = weekOf(monday);
    return week >= 1 && period.id === `${year}-W${pad(week)}` ? period : undefined;
  }
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? monthOf({ year: Number(match[1]), month, day: 1 }) : undefined;
}

/** The period before `period`. */
export function previousPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.first, -1));
}

/** When the period ends in the zone: the first instant of its next day. */
export function periodEnd(period: Period, zone: string): Date {
  return instantOf({ ...addDays(period.last, 1), hour: 0, minute: 0, second: 0 }, zone);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_EN_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `12월 1일–7일`, "Dec 1–7", `11월 30일–12월 6일`, `2026년 12월`, "December 2026". */
export function periodInWords(period: Period, locale: Locale): string {
  const { first, last } = period;
  if (period.kind === 'month') return locale === 'ko' ? `${first.year}년 ${first.month}월` : `${MONTHS_EN_LONG[first.month - 1]} ${first.year}`;
  if (locale === 'ko') return first.month === last.month ? `${first.month}월 ${first.day}일–${last.day}일` : `${first.month}월 ${first.day}일–${last.month}월 ${last.day}일`;
  const head = `${MONTHS_EN[first.month - 1]} ${first.day}`;
  return first.month === last.month ? `${head}–${last.day}` : `${head}–${MONTHS_EN[last.month - 1]} ${last.day}`;
}
