import { addDays, instantOf, localDate, wallTime, weekdayOf } from './zone-clock.ts';
import { canonicalZone } from './zone-names.ts';

export { localDate };

/**
 * A community's study schedule as data: a wall-clock time on some weekdays in one zone.
 * `/quiz schedule`, the timers, catch-up and round ids all read this one shape.
 */
export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface StudyTime {
  /** `HH:MM`, 24-hour, zero-padded. */
  time: string;
  /** Monday first, unique, never empty. */
  days: Day[];
  /** An IANA zone id (`Europe/Berlin`) or `UTC`. */
  timezone: string;
}

export const WEEK: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAYS: readonly Day[] = WEEK.slice(0, 5);
const WEEKENDS: readonly Day[] = WEEK.slice(5);

const isDay = (name: string): name is Day => (WEEK as readonly string[]).includes(name);

export type ScheduleProblem = 'time' | 'days' | 'timezone' | 'missing_time' | 'duplicate';
export type ParseResult = { ok: true; value: StudyTime } | { ok: false; token: string; problem: ScheduleProblem };

/**
 * `21:30` or `9:05` (one-digit hours are read as `09:05`: people type them, and nothing else
 * could be meant); minutes always two digits; 00:00-23:59.
 */
export function parseTime(token: string): string | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(token.trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${match[2]}`;
}

// Maps, not object literals: a token like `constructor` must not find Object.prototype.
const DAY_WORDS = new Map<string, readonly Day[]>([
  ['daily', WEEK],
  ['weekdays', WEEKDAYS],
  ['weekends', WEEKENDS],
  ['매일', WEEK],
  ['평일', WEEKDAYS],
  ['주말', WEEKENDS],
]);
// The group writes Korean as readily as English: `월,수,금`, `월수금`, `월요일,금요일`.
const KOREAN_DAY = new Map<string, Day>([
  ['월', 'mon'],
  ['화', 'tue'],
  ['수', 'wed'],
  ['목', 'thu'],
  ['금', 'fri'],
  ['토', 'sat'],
  ['일', 'sun'],
]);

function dayNamed(name: string): Day | undefined {
  if (isDay(name)) return name;
  return KOREAN_DAY.get(name.replace(/요일$/, ''));
}

/**
 * `daily`, `weekdays`, `weekends` or a comma list of `mon`…`sun`, any case (and the Korean
 * `매일`, `평일`, `주말`, `월,수,금`, `월수금`); Monday-first, deduplicated.
 */
export function parseDays(token: string): Day[] | undefined {
  const word = token.trim().toLowerCase();
  const named = DAY_WORDS.get(word);
  if (named) return [...named];
  const names = /^[월화수목금토일]+$/.test(word) ? [...word] : word.split(',').map((name) => name.trim());
  const days = names.map(dayNamed);
  if (days.some((day) => day === undefined)) return undefined;
  return WEEK.filter((day) => days.includes(day));
}

type Shape = 'time' | 'days' | 'timezone';

/**
 * What a token is meant to be, from its look alone, so a wrong value is reported as the
 * kind the user meant (`25:00` is a bad time, `Mars/Base` and `KST` bad zones). Anything
 * else is taken for days, the only kind spelled in plain words.
 */
function shapeOf(token: string): Shape {
  if (token.includes('/') || token.toUpperCase() === 'UTC' || /^[+-]\d/.test(token)) return 'timezone';
  // An abbreviation (KST, CET, EST) is a zone meant, though not one we take: they are ambiguous.
  if (/^[A-Z]{2,5}$/.test(token) && parseDays(token) === undefined) return 'timezone';
  if (token.includes(':') || /^\d/.test(token)) return 'time';
  return 'days';
}

/**
 * The tokens after `schedule` on Slack and the console, in any order. A day list typed with
 * spaces (`mon, wed, fri`) arrives as several tokens and is joined back at its commas.
 */
export function parseScheduleTokens(tokens: string[], currentZone: string): ParseResult {
  const seen: Partial<Record<Shape, string>> = {};
  for (const raw of tokens) {
    const token = raw.trim();
    if (token === '') continue;
    const shape = shapeOf(token);
    const previous = seen[shape];
    if (shape === 'days' && previous !== undefined && (previous.endsWith(',') || token.startsWith(','))) {
      seen.days = previous + token;
      continue;
    }
    if (previous !== undefined) return { ok: false, token, problem: 'duplicate' };
    seen[shape] = token;
  }
  return parseScheduleOptions({ time: seen.time ?? '', days: seen.days, timezone: seen.timezone }, currentZone);
}

export interface ScheduleOptions {
  time: string;
  days?: string | undefined;
  timezone?: string | undefined;
}

/** Discord's separate `time`, `days` and `timezone` options; an empty option is an absent one. */
export function parseScheduleOptions(options: ScheduleOptions, currentZone: string): ParseResult {
  const timeToken = options.time.trim();
  if (timeToken === '') return { ok: false, token: '', problem: 'missing_time' };
  const time = parseTime(timeToken);
  if (time === undefined) return { ok: false, token: timeToken, problem: 'time' };
  const daysToken = options.days?.trim() ?? '';
  const days = daysToken === '' ? [...WEEK] : parseDays(daysToken);
  if (days === undefined) return { ok: false, token: daysToken, problem: 'days' };
  const zoneToken = options.timezone?.trim() ?? '';
  const timezone = zoneToken === '' ? currentZone : canonicalZone(zoneToken);
  if (timezone === undefined) return { ok: false, token: zoneToken, problem: 'timezone' };
  return { ok: true, value: { time, days, timezone } };
}

const CRON_DAY: Record<Day, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** `M H * * dow`: what node-cron and QUIZ_CRON speak; `*` when every day fires. */
export function toCron(spec: StudyTime): string {
  const [hour, minute] = spec.time.split(':').map(Number);
  const dow =
    spec.days.length === WEEK.length
      ? '*'
      : spec.days
          .map((day) => CRON_DAY[day])
          .sort((a, b) => a - b)
          .join(',');
  return `${minute} ${hour} * * ${dow}`;
}

function cronDays(field: string): Day[] | undefined {
  if (field === '*' || field === '?') return [...WEEK];
  const picked = new Set<Day>();
  const dayAt = (value: string): number | undefined => {
    const name = value.toLowerCase();
    if (isDay(name)) return CRON_DAY[name];
    if (!/^\d$/.test(value) || Number(value) > 7) return undefined;
    return Number(value) % 7;
  };
  for (const item of field.split(',')) {
    const [from, to, ...rest] = item.split('-');
    const start = from === undefined ? undefined : dayAt(from);
    const end = to === undefined ? start : to === '7' ? 7 : dayAt(to);
    if (start === undefined || end === undefined || rest.length > 0 || end < start) return undefined;
    for (let value = start; value <= end; value += 1) picked.add(WEEK[(value + 6) % 7] as Day);
  }
  return WEEK.filter((day) => picked.has(day));
}

/**
 * A cron of the `M H * * dow` shape as a study time (QUIZ_CRON `0 9 * * *` is daily 09:00);
 * undefined for any other shape (steps, several hours, days of the month), which stays a
 * plain cron.
 */
export function fromCron(cron: string, zone: string): StudyTime | undefined {
  let fields = cron.trim().split(/\s+/);
  if (fields.length === 6 && /^0+$/.test(fields[0] ?? '')) fields = fields.slice(1);
  const [minute, hour, dom, month, dow] = fields;
  if (fields.length !== 5 || minute === undefined || hour === undefined || dow === undefined) return undefined;
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour) || (dom !== '*' && dom !== '?') || month !== '*') return undefined;
  const time = parseTime(`${Number(hour)}:${minute.padStart(2, '0')}`);
  const days = cronDays(dow);
  if (time === undefined || days === undefined || days.length === 0) return undefined;
  return { time, days, timezone: zone };
}

/** The firing on one local date, whether or not that date is one of the schedule's days. */
function firingOn(date: { year: number; month: number; day: number }, spec: StudyTime): Date {
  const [hour = 0, minute = 0] = spec.time.split(':').map(Number);
  return instantOf({ ...date, hour, minute, second: 0 }, spec.timezone);
}

const firesOn = (date: { year: number; month: number; day: number }, spec: StudyTime): boolean => spec.days.includes(WEEK[(weekdayOf(date) + 6) % 7] as Day);

/**
 * The first firing strictly after `after`. A time the clocks skip that night fires when they
 * jump (02:30 on a spring-forward night is 03:00); a time they show twice fires at the first
 * showing only.
 */
export function nextFiring(spec: StudyTime, after: Date): Date {
  // Starting a day early covers a firing that, through a gap, lands on the next local date.
  const start = addDays(wallTime(after, spec.timezone), -1);
  for (let offset = 0; offset <= 9; offset += 1) {
    const date = addDays(start, offset);
    if (!firesOn(date, spec)) continue;
    const firing = firingOn(date, spec);
    if (firing.getTime() > after.getTime()) return firing;
  }
  throw new Error(`no firing within a week for ${toCron(spec)} in ${spec.timezone}`);
}

/** The latest firing at or before `atOrBefore`, for catch-up after downtime. */
export function previousFiring(spec: StudyTime, atOrBefore: Date): Date | undefined {
  const start = addDays(wallTime(atOrBefore, spec.timezone), 1);
  for (let offset = 0; offset <= 9; offset += 1) {
    const date = addDays(start, -offset);
    if (!firesOn(date, spec)) continue;
    const firing = firingOn(date, spec);
    if (firing.getTime() <= atOrBefore.getTime()) return firing;
  }
  return undefined;
}

/**
 * The next firing after `after` that starts a new round: a round is the community's local date
 * (`localDate(firing, zone)`), so once the round of `lastRound` (`2026-12-01`) was posted, a
 * schedule moved later that day, or to a zone still on that date, waits for the next date
 * rather than posting that date twice.
 */
export function nextRoundFiring(spec: StudyTime, after: Date, lastRound?: string): Date {
  const match = lastRound === undefined ? undefined : /^(\d{4})-(\d{2})-(\d{2})$/.exec(lastRound);
  if (!match) return nextFiring(spec, after);
  const dayAfter = addDays({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, 1);
  // The last instant of the round's date in the schedule's zone (its next midnight, or the jump past it, less 1 ms).
  const endOfRound = instantOf({ ...dayAfter, hour: 0, minute: 0, second: 0 }, spec.timezone).getTime() - 1;
  return nextFiring(spec, new Date(Math.max(after.getTime(), endOfRound)));
}
