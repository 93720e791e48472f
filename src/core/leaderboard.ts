import type { Store } from '../store/store.ts';
import { FREEZES_MAX } from './stats.ts';

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
  /** Freezes held when the entry was made: a streak missing that many rounds since is still alive. */
  f?: number;
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
export const NS_BUCKET = 'board';
export const NS_TOTALS = 'boardtotals';

export interface ResultChange {
  seq: number;
  userId: string;
  name: string;
  /** State before this answer; `undefined` for a first-time player. */
  before: { streak: number; lastSeq: number; correct: number; freezes?: number } | undefined;
  after: { streak: number; correct: number; freezes?: number };
}

export function byRank(a: BoardEntry, b: BoardEntry): number {
  return b.s - a.s || b.c - a.c || a.n.localeCompare(b.n);
}

/**
 * The board records one round's answers touch: the buckets of this round and of the rounds a
 * live streak (freezes included) can have ended on, and the totals.
 */
export interface RoundBoards {
  buckets: Map<number, Bucket>;
  totals: Totals;
}

/** How far back a live streak's last right answer can be: the round before, plus one per freeze. */
export const BUCKET_WINDOW = FREEZES_MAX + 2;

export function bucketSeqs(seq: number): number[] {
  return Array.from({ length: BUCKET_WINDOW }, (_, i) => seq - BUCKET_WINDOW + 1 + i).filter((n) => n >= 0);
}

export const bucketKey = (community: string, seq: number) => `${community}:${seq}`;

export function emptyTotals(): Totals {
  return { users: 0, byCorrect: {}, topCorrect: [] };
}

/** Histogram key; an entry without freezes keeps the two-part key of earlier versions. */
const histKey = (s: number, c: number, f = 0) => (f > 0 ? `${s}:${c}:${f}` : `${s}:${c}`);

/**
 * Moves one user's result into the boards, each record at most once per answer: a record
 * whose `applied` position is at or past this answer's already holds it (a replay after a
 * crash changes nothing there).
 */
export function applyResult(boards: RoundBoards, change: ResultChange, at: Position): void {
  const { seq, userId, name, before, after } = change;
  const { totals } = boards;
  const previous = before && before.streak > 0 ? boards.buckets.get(before.lastSeq) : undefined;
  if (before && previous && isAfter(at, previous.applied)) {
    const index = previous.top.findIndex((entry) => entry.u === userId);
    if (index >= 0) previous.top.splice(index, 1);
    decrement(previous.hist, histKey(before.streak, before.correct, before.freezes));
    previous.count = Math.max(0, previous.count - 1);
    previous.applied = at;
  }
  const entry: BoardEntry = { u: userId, n: name, s: after.streak, c: after.correct, ...(after.freezes ? { f: after.freezes } : {}) };
  const current = boards.buckets.get(seq);
  if (current && isAfter(at, current.applied)) {
    if (after.streak > 0) {
      current.top = insertTop(current.top, entry, byRank);
      increment(current.hist, histKey(after.streak, after.correct, after.freezes));
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
  community: string,
  latestSeq: number,
  caller: BoardEntry | undefined,
  limit = 10,
  freezesOn = true,
): Promise<Standing> {
  const seqs = bucketSeqs(latestSeq);
  const [buckets, totals] = await Promise.all([store.getMany<Bucket>(NS_BUCKET, seqs.map((seq) => bucketKey(community, seq))), store.get<Totals>(NS_TOTALS, community)]);
  // A bucket's streaks are alive while the rounds missed since it are covered by freezes held.
  const missedSince = (seq: number) => latestSeq - 1 - seq;
  const alive = (seq: number, freezes = 0) => missedSince(seq) <= 0 || (freezesOn && missedSince(seq) <= freezes);
  const live = seqs.flatMap((seq, i) => (buckets[i]?.top ?? []).filter((entry) => alive(seq, entry.f)));
  live.sort(byRank);
  const aliveIds = new Set(live.map((entry) => entry.u));
  const rows = live.slice(0, limit);
  for (const entry of totals?.topCorrect ?? []) {
    if (rows.length >= limit) break;
    if (!aliveIds.has(entry.u)) rows.push({ ...entry, s: 0 });
  }
  const standing: Standing = { rows, total: totals?.users ?? 0 };
  if (caller) {
    const counted = seqs.map((seq, i) => ({ bucket: buckets[i], alive: (freezes: number) => alive(seq, freezes) }));
    standing.caller = { rank: rankOf(caller, counted, totals), entry: caller };
  }
  return standing;
}

function rankOf(caller: BoardEntry, buckets: Array<{ bucket: Bucket | undefined; alive: (freezes: number) => boolean }>, totals: Totals | undefined): number {
  let aliveAhead = 0;
  let aliveTotal = 0;
  let aliveWithMoreCorrect = 0;
  for (const { bucket, alive } of buckets) {
    if (!bucket) continue;
    for (const [key, count] of Object.entries(bucket.hist)) {
      const [s, c, f = 0] = key.split(':').map(Number) as [number, number, number?];
      if (!alive(f)) continue;
      aliveTotal += count;
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
