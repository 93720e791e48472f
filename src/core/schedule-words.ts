/**
 * Schedules and rounds in words a person reads: `매일 09:00 (Asia/Seoul)`, "weekdays at 21:30
 * (Europe/Berlin)", and a round's `12월 2일 02:47` instead of its id. Only the common shapes of
 * cron get words; anything else is "odd" and is shown as the raw expression.
 */
import { type Locale, t } from './i18n.ts';

export type CronWords = { odd: false; words: string } | { odd: true };

/** Monday first, the way a study group's week reads; values are cron's day numbers (0 = Sunday). */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAYS = '1,2,3,4,5';
const WEEKENDS = '0,6';

/** The cron (5 fields, or 6 with seconds first) in words, or odd when it is not one of the common shapes. */
export function cronInWords(cron: string, locale: Locale): CronWords {
  const fields = cron.trim().split(/\s+/);
  if (fields.length === 6) {
    if (!/^0{1,2}$/.test(fields[0]!)) return { odd: true };
    fields.shift();
  }
  if (fields.length !== 5) return { odd: true };
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  if (dayOfMonth !== '*' || month !== '*') return { odd: true };
  const words = everyFew(minute, hour, dayOfWeek, locale) ?? atTimes(minute, hour, dayOfWeek, locale);
  return words === undefined ? { odd: true } : { odd: false, words };
}

/** `매일 09:00 (Asia/Seoul)`; an odd cron as its raw expression, e.g. "custom schedule `0 9 1 * *` (UTC)". */
export function scheduleInWords(cron: string, zone: string, locale: Locale): string {
  const described = cronInWords(cron, locale);
  const schedule = described.odd ? t(locale, 'schedule.odd', { cron }) : described.words;
  return `${schedule} (${zone})`;
}

/** Every N minutes or hours, every day; undefined for other shapes. */
function everyFew(minute: string, hour: string, dayOfWeek: string, locale: Locale): string | undefined {
  if (dayOfWeek !== '*') return undefined;
  if (hour === '*') {
    const n = step(minute, 60);
    if (n === 1) return t(locale, 'schedule.everyMinute');
    if (n !== undefined) return t(locale, 'schedule.everyMinutes', { n });
    if (minute === '0') return t(locale, 'schedule.everyHour');
    return undefined;
  }
  const n = step(hour, 24);
  if (n === undefined || minute !== '0') return undefined;
  return n === 1 ? t(locale, 'schedule.everyHour') : t(locale, 'schedule.everyHours', { n });
}

/** `*` or a step of N (`*` slash N) where N divides the cycle evenly (so the gap is always N); the step, else undefined. */
function step(field: string, cycle: number): number | undefined {
  if (field === '*') return 1;
  const match = /^\*\/(\d+)$/.exec(field);
  const n = match ? Number(match[1]) : Number.NaN;
  return n >= 1 && n < cycle && cycle % n === 0 ? n : undefined;
}

/** Fixed times on some days: `평일 21:30`, "Mon, Wed, Fri at 09:00", "daily at 09:00, 21:00". */
function atTimes(minute: string, hour: string, dayOfWeek: string, locale: Locale): string | undefined {
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) return undefined;
  const hours = hour.split(',');
  if (!hours.every((h) => /^\d{1,2}$/.test(h) && Number(h) <= 23)) return undefined;
  const time = [...new Set(hours.map(Number))]
    .sort((a, b) => a - b)
    .map((h) => `${String(h).padStart(2, '0')}:${minute.padStart(2, '0')}`)
    .join(', ');
  const days = daysOfWeek(dayOfWeek);
  if (!days) return undefined;
  const key = [...days].sort().join(',');
  if (days.size === 7) return t(locale, 'schedule.daily', { time });
  if (key === WEEKDAYS) return t(locale, 'schedule.weekdays', { time });
  if (key === WEEKENDS) return t(locale, 'schedule.weekends', { time });
  const names = WEEK_ORDER.filter((day) => days.has(day)).map((day) => weekdayName(day, locale));
  return t(locale, 'schedule.days', { days: names.join(t(locale, 'schedule.daySeparator')), time });
}

/** cron's day-of-week field as day numbers (7 and 0 are Sunday); undefined for steps and other shapes. */
function daysOfWeek(field: string): Set<number> | undefined {
  if (field === '*') return new Set(WEEK_ORDER);
  const days = new Set<number>();
  for (const part of field.toLowerCase().split(',')) {
    const [from, to, ...rest] = part.split('-').map(dayNumber);
    if (from === undefined || rest.length > 0) return undefined;
    if (to === undefined) {
      if (part.includes('-')) return undefined;
      days.add(from % 7);
      continue;
    }
    if (to < from) return undefined;
    for (let day = from; day <= to; day += 1) days.add(day % 7);
  }
  return days;
}

function dayNumber(text: string): number | undefined {
  if (/^[0-7]$/.test(text)) return Number(text);
  const index = DAY_NAMES.indexOf(text);
  return index >= 0 ? index : undefined;
}

/** `월`, "Mon": the reader's language's short name, from Intl rather than a list of our own. */
function weekdayName(day: number, locale: Locale): string {
  // 2026-11-29 was a Sunday; day n is n days later.
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 29 + day));
}

/**
 * A round's id as a person reads it: `12월 2일` / "Dec 2" for a daily round, `12월 2일 02:47` /
 * "Dec 2, 02:47" for a sub-daily one. Round ids already hold the date and time in the
 * schedule's zone (src/schedule/cron-schedule.ts `roundIdFor`); an id of another shape is shown as it is.
 */
export function roundLabel(roundId: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/.exec(roundId);
  if (!match) return roundId;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .filter((part) => part !== undefined)
    .map(Number) as number[];
  const at = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  const withTime = match[4] !== undefined;
  return labelFormat(locale, withTime, Boolean(withTime && second)).format(at);
}

/** Building an Intl.DateTimeFormat costs far more than using one, and a label is drawn on every answer. */
const labelFormats = new Map<string, Intl.DateTimeFormat>();

function labelFormat(locale: Locale, withTime: boolean, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}|${withSeconds}`;
  let format = labelFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      month: locale === 'ko' ? 'long' : 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      // A schedule that fires within a minute needs the seconds to tell its rounds apart.
      ...(withSeconds ? { second: '2-digit' } : {}),
    } as const);
    labelFormats.set(key, format);
  }
  return format;
}
