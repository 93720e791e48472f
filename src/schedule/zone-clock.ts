/**
 * Wall-clock arithmetic in an IANA zone, on top of Intl alone: the runtime's own tz data
 * answers "what does the clock on the wall read at this instant", and everything else
 * (offsets, local time → instant, daylight-saving gaps and overlaps) is derived from that
 * one question, so no hand-written zone table can go stale.
 */

/** A reading of a wall clock: calendar fields as the zone's clocks show them. */
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // h23, not hour12:false: the latter reads midnight as "24" on some ICU versions.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function wallTime(instant: Date | number, zone: string): WallTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** The wall reading as if it were UTC: differences between two of these are wall-clock durations. */
function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in winter: +3 600 000). */
export function offsetMs(instant: Date | number, zone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return wallMs(wallTime(wholeSecond, zone)) - wholeSecond;
}

/** `YYYY-MM-DD` as the zone's calendar shows it at that instant. */
export function localDate(instant: Date, zone: string): string {
  const wall = wallTime(instant, zone);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The instant the zone's clocks read `wall`, with the daylight-saving rules of the study
 * schedule: a reading that happens twice (fall back) is its first occurrence; a reading that
 * never happens (spring forward) is the first instant after the gap, the moment the clocks
 * jump (02:30 on a Berlin spring-forward night becomes 03:00 CEST).
 */
export function instantOf(wall: WallTime, zone: string): Date {
  const naive = wallMs(wall);
  const before = offsetMs(naive - DAY_MS, zone);
  const after = offsetMs(naive + DAY_MS, zone);
  // Most days: one offset all around the reading, so it happens exactly once.
  if (before === after) return new Date(naive - before);
  // A change near the reading: the offsets before and after it (and the one at it, for a zone
  // with two changes in two days) give every instant that may read `wall`.
  const offsets = new Set([before, offsetMs(naive, zone), after]);
  const exact = [...offsets]
    .map((offset) => naive - offset)
    .filter((candidate) => wallMs(wallTime(candidate, zone)) === naive)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  return new Date(firstInstantReading(naive, zone, offsets));
}

/**
 * The first whole second whose wall reading is at or past `naive`, for a reading that falls in a
 * gap. Between the readings under the largest and the smallest offset the wall clock only moves
 * forward (one jump), so a bisection over that span finds the jump.
 */
function firstInstantReading(naive: number, zone: string, offsets: Set<number>): number {
  let lo = Math.floor((naive - Math.max(...offsets)) / 1000); // reads before the gap
  let hi = Math.ceil((naive - Math.min(...offsets)) / 1000); // reads after it
  // The span is at most a day or so of seconds: about 17 halvings; 64 bounds a pathological zone.
  for (let step = 0; hi - lo > 1 && step < 64; step += 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(wallTime(mid * 1000, zone)) >= naive) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

/** The calendar date `days` after a wall date (the wall date's own arithmetic, no zone). */
export function addDays(wall: Pick<WallTime, 'year' | 'month' | 'day'>, days: number): Pick<WallTime, 'year' | 'month' | 'day'> {
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, as cron counts, for a calendar date. */
export function weekdayOf(wall: Pick<WallTime, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
}
