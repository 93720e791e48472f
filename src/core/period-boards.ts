import type { Store } from '../store/store.ts';
import { isAfter, type Position } from './leaderboard.ts';

/**
 * Boards of a period (a week, a month, or all time): members ranked by right answers to the
 * rounds of that period, ties by fewer wrong answers, then by who got there first. Like the
 * streak board it is kept small: the top entries and a histogram of (right, wrong), so a
 * board of 100,000 members is read as one record and a member's rank is counted from the
 * histogram, never from every member's record.
 */
export interface PeriodEntry {
  u: string;
  n: string;
  /** Right answers in the period. */
  c: number;
  /** Wrong answers in the period. */
  w: number;
  /** When the member reached their current right count. */
  at: string;
}

export interface PeriodBoard {
  top: PeriodEntry[];
  hist: Record<string, number>;
  count: number;
  applied?: Position;
}

export interface PeriodScore {
  c: number;
  w: number;
  at: string;
}

export const NS_PERIOD_BOARD = 'periodboard';
export const ALL_TIME = 'all';
const TOP_KEPT = 100;

export const periodBoardKey = (community: string, periodId: string) => `${community}:${periodId}`;

export function emptyPeriodBoard(): PeriodBoard {
  return { top: [], hist: {}, count: 0 };
}

/** Right first, then fewer wrong, then earlier (ISO times compare as strings), then name: a total order. */
export function byPeriodRank(a: Pick<PeriodEntry, 'c' | 'w' | 'at' | 'n'>, b: Pick<PeriodEntry, 'c' | 'w' | 'at' | 'n'>): number {
  return b.c - a.c || a.w - b.w || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0);
}

/** Moves one member's score on a board, once per answer (`applied` guards a replay). */
export function applyPeriodResult(
  board: PeriodBoard,
  change: { userId: string; name: string; before: PeriodScore | undefined; after: PeriodScore },
  at: Position,
): void {
  if (!isAfter(at, board.applied)) return;
  const { before, after } = change;
  if (before) {
    const key = `${before.c}:${before.w}`;
    const left = (board.hist[key] ?? 0) - 1;
    if (left > 0) board.hist[key] = left;
    else delete board.hist[key];
  } else {
    board.count += 1;
  }
  board.hist[`${after.c}:${after.w}`] = (board.hist[`${after.c}:${after.w}`] ?? 0) + 1;
  const entry: PeriodEntry = { u: change.userId, n: change.name, ...after };
  // The top is kept sorted: take the member out, put them back in their place, keep TOP_KEPT.
  const top = board.top.filter((item) => item.u !== change.userId);
  const place = top.findIndex((item) => byPeriodRank(entry, item) < 0);
  if (place >= 0) top.splice(place, 0, entry);
  else top.push(entry);
  board.top = top.length > TOP_KEPT ? top.slice(0, TOP_KEPT) : top;
  board.applied = at;
}

export interface PeriodStanding {
  rows: PeriodEntry[];
  total: number;
  caller?: { rank: number; score: PeriodScore };
}

/**
 * The top of a period's board and the caller's rank: their place in the kept top when they are
 * in it (so the rank agrees with the list), else counted from the histogram, ties in right and
 * wrong sharing a rank.
 */
export async function readPeriodBoard(
  store: Store,
  community: string,
  periodId: string,
  callerId: string,
  known: PeriodScore | undefined,
  limit = 10,
): Promise<PeriodStanding | undefined> {
  const board = await store.get<PeriodBoard>(NS_PERIOD_BOARD, periodBoardKey(community, periodId));
  if (!board) return undefined;
  const standing: PeriodStanding = { rows: board.top.slice(0, limit), total: board.count };
  const place = board.top.findIndex((entry) => entry.u === callerId);
  const listed = board.top[place];
  if (listed) {
    standing.caller = { rank: place + 1, score: { c: listed.c, w: listed.w, at: listed.at } };
    return standing;
  }
  const caller = known;
  if (caller) {
    let ahead = 0;
    for (const [key, count] of Object.entries(board.hist)) {
      const [c, w] = key.split(':').map(Number) as [number, number];
      if (c > caller.c || (c === caller.c && w < caller.w)) ahead += count;
    }
    standing.caller = { rank: ahead + 1, score: caller };
  }
  return standing;
}
