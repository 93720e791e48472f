import { type CommunityRef, keys, NS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';

/**
 * The leaderboard index. Ranking every user on each request would read every
 * record, so answers maintain small per-round buckets instead: a user whose
 * streak is alive sits in the bucket of the round they last answered right
 * (only the latest round and the one before can hold live streaks), with the
 * top entries and a histogram of (streak, correct) for ranks. A community-wide
 * histogram of totals ranks users whose streak has ended.
 */
export interface BoardEntry {
  u: string;
  n: string;
  s: number;
  c: number;
}

/** Where in the answer logs a derived record has got to: round seq, then position in its log. */
export interface Position {
  seq: number;
  idx: number;
}

export function isAfter(position: Position, applied: Position | undefined): boolean {
  if (!applied) return true;
  return position.seq > applied.seq || (position.seq === applied.seq && position.idx > applied.idx);
}

export interface Bucket {
  top: BoardEntry[];
  hist: Record<string, number>;
  count: number;
  applied?: Position;
}

export interface Totals {
  users: number;
  byCorrect: Record<string, number>;
  topCorrect: BoardEntry[];
  applied?: Position;
}

export const TOP_KEPT = 100;

export interface ResultChange {
  seq: number;
  userId: string;
  name: string;
  /** State before this answer; `undefined` for a first-time player. */
  before: { streak: number; lastSeq: number; correct: number } | undefined;
  after: { streak: number; correct: number };
}

export function byRank(a: BoardEntry, b: BoardEntry): number {
  return b.s - a.s || b.c - a.c || a.n.localeCompare(b.n);
}

/** The board records one round's answers touch: the buckets of this round and the one before, and the totals. */
export interface RoundBoards {
  previous: Bucket;
  current: Bucket;
  totals: Totals;
}

export function boardKeys(ref: CommunityRef, seq: number): { previous: string; current: string; totals: string } {
  return { previous: keys.board(ref, seq - 1), current: keys.board(ref, seq), totals: keys.community(ref) };
}

export function emptyTotals(): Totals {
  return { users: 0, byCorrect: {}, topCorrect: [] };
}

/**
 * Moves one user's result into the boards, each record at most once per answer: a record
 * whose `applied` position is at or past this answer's already holds it (a replay after a
 * crash changes nothing there).
 */
export function applyResult(boards: RoundBoards, change: ResultChange, at: Position): void {
  const { seq, userId, name, before, after } = change;
  const { previous, current, totals } = boards;
  if (isAfter(at, previous.applied)) {
    if (before && before.streak > 0 && before.lastSeq === seq - 1) {
      const index = previous.top.findIndex((entry) => entry.u === userId);
      if (index >= 0) previous.top.splice(index, 1);
      decrement(previous.hist, `${before.streak}:${before.correct}`);
      previous.count = Math.max(0, previous.count - 1);
    }
    previous.applied = at;
  }
  const entry: BoardEntry = { u: userId, n: name, s: after.streak, c: after.correct };
  if (isAfter(at, current.applied)) {
    if (after.streak > 0) {
      current.top = insertTop(current.top, entry, byRank);
      increment(current.hist, `${after.streak}:${after.correct}`);
      current.count += 1;
    }
    current.applied = at;
  }
  if (isAfter(at, totals.applied)) {
    if (before) decrement(totals.byCorrect, String(before.correct));
    else totals.users += 1;
    increment(totals.byCorrect, String(after.correct));
    totals.topCorrect = insertTop(totals.topCorrect, entry, (a, b) => b.c - a.c || a.n.localeCompare(b.n));
    totals.applied = at;
  }
}

export interface Standing {
  rows: BoardEntry[];
  total: number;
  /** The caller's rank (1-based; ties share a rank), when they have played. */
  caller?: { rank: number; entry: BoardEntry };
}

export async function readLeaderboard(
  store: Store,
  ref: CommunityRef,
  latestSeq: number,
  caller: BoardEntry | undefined,
  limit = 10,
): Promise<Standing> {
  const [current, previous] = await store.getMany<Bucket>(NS.board, [keys.board(ref, latestSeq), keys.board(ref, latestSeq - 1)]);
  const totals = await store.get<Totals>(NS.boardTotals, keys.community(ref));
  const alive = [...(current?.top ?? []), ...(previous?.top ?? [])].sort(byRank);
  const aliveIds = new Set(alive.map((entry) => entry.u));
  const rows = alive.slice(0, limit);
  for (const entry of totals?.topCorrect ?? []) {
    if (rows.length >= limit) break;
    if (!aliveIds.has(entry.u)) rows.push({ ...entry, s: 0 });
  }
  const standing: Standing = { rows, total: totals?.users ?? 0 };
  if (caller) standing.caller = { rank: rankOf(caller, [current, previous], totals), entry: caller };
  return standing;
}

function rankOf(caller: BoardEntry, buckets: Array<Bucket | undefined>, totals: Totals | undefined): number {
  let aliveAhead = 0;
  let aliveTotal = 0;
  let aliveWithMoreCorrect = 0;
  for (const bucket of buckets) {
    if (!bucket) continue;
    aliveTotal += bucket.count;
    for (const [key, count] of Object.entries(bucket.hist)) {
      const [s, c] = key.split(':').map(Number) as [number, number];
      if (s > caller.s || (s === caller.s && c > caller.c)) aliveAhead += count;
      if (c > caller.c) aliveWithMoreCorrect += count;
    }
  }
  if (caller.s > 0) return aliveAhead + 1;
  let moreCorrect = 0;
  for (const [c, count] of Object.entries(totals?.byCorrect ?? {})) if (Number(c) > caller.c) moreCorrect += count;
  return aliveTotal + (moreCorrect - aliveWithMoreCorrect) + 1;
}

function insertTop(list: BoardEntry[], entry: BoardEntry, order: (a: BoardEntry, b: BoardEntry) => number): BoardEntry[] {
  const next = list.filter((item) => item.u !== entry.u);
  next.push(entry);
  next.sort(order);
  return next.slice(0, TOP_KEPT);
}

export function emptyBucket(): Bucket {
  return { top: [], hist: {}, count: 0 };
}

function increment(hist: Record<string, number>, key: string): void {
  hist[key] = (hist[key] ?? 0) + 1;
}

function decrement(hist: Record<string, number>, key: string): void {
  const next = (hist[key] ?? 0) - 1;
  if (next > 0) hist[key] = next;
  else delete hist[key];
}
