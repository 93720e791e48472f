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

interface Bucket {
  top: BoardEntry[];
  hist: Record<string, number>;
  count: number;
}

interface Totals {
  users: number;
  byCorrect: Record<string, number>;
  topCorrect: BoardEntry[];
}

export const TOP_KEPT = 100;
const NS_BUCKET = 'board';
const NS_TOTALS = 'boardtotals';

export interface ResultChange {
  community: string;
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

export async function recordResult(store: Store, change: ResultChange): Promise<void> {
  const { community, seq, userId, name, before, after } = change;
  const writes: Array<Promise<unknown>> = [];
  if (before && before.streak > 0 && before.lastSeq === seq - 1) {
    writes.push(
      store.update<Bucket>(NS_BUCKET, `${community}:${seq - 1}`, (bucket = emptyBucket()) => {
        const index = bucket.top.findIndex((entry) => entry.u === userId);
        if (index >= 0) bucket.top.splice(index, 1);
        decrement(bucket.hist, `${before.streak}:${before.correct}`);
        bucket.count = Math.max(0, bucket.count - 1);
        return bucket;
      }),
    );
  }
  const entry: BoardEntry = { u: userId, n: name, s: after.streak, c: after.correct };
  if (after.streak > 0) {
    writes.push(
      store.update<Bucket>(NS_BUCKET, `${community}:${seq}`, (bucket = emptyBucket()) => {
        bucket.top = insertTop(bucket.top, entry, byRank);
        increment(bucket.hist, `${after.streak}:${after.correct}`);
        bucket.count += 1;
        return bucket;
      }),
    );
  }
  writes.push(
    store.update<Totals>(NS_TOTALS, community, (totals = { users: 0, byCorrect: {}, topCorrect: [] }) => {
      if (before) decrement(totals.byCorrect, String(before.correct));
      else totals.users += 1;
      increment(totals.byCorrect, String(after.correct));
      totals.topCorrect = insertTop(totals.topCorrect, entry, (a, b) => b.c - a.c || a.n.localeCompare(b.n));
      return totals;
    }),
  );
  await Promise.all(writes);
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
): Promise<Standing> {
  const [current, previous] = await store.getMany<Bucket>(NS_BUCKET, [`${community}:${latestSeq}`, `${community}:${latestSeq - 1}`]);
  const totals = await store.get<Totals>(NS_TOTALS, community);
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

function emptyBucket(): Bucket {
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
