/**
 * A community the size the dashboard's target names: 100,000 members with stats, 60 closed
 * daily rounds with their tallies, an open one, and the streak, week, month and all-time boards
 * as the answer applier leaves them. The boards are built in memory from the last three rounds'
 * answers and written once (as bench/core.ts does): the figure is the page's reads, and six
 * million answers through the whole path would only slow the setup.
 */
import type { Content } from '../src/content/schema.ts';
import { dashboardToken } from '../src/core/dashboard-link.ts';
import { applyResult, emptyBucket, emptyTotals, type RoundBoards } from '../src/core/leaderboard.ts';
import { ALL_TIME, applyPeriodResult, emptyPeriodBoard } from '../src/core/period-boards.ts';
import { periodsOfRound } from '../src/core/periods.ts';
import type { CommunityRounds, RoundRecord } from '../src/core/rounds.ts';
import { newStats } from '../src/core/stats.ts';
import { type CommunityRef, keys, NS, SETS } from '../src/store/keys.ts';
import type { Store } from '../src/store/store.ts';

const ROUNDS = 60;
const BOARD_ROUNDS = 3;

async function inParallel(total: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

function dayOf(index: number): string {
  return new Date(Date.UTC(2026, 9, 1) + index * 86_400_000).toISOString().slice(0, 10);
}

/** Seeds the community and returns its dashboard token and the time to read it at. */
export async function seedDashboardCommunity(store: Store, content: Content, ref: CommunityRef, users: number): Promise<{ token: string; now: Date }> {
  const bank = content.trivia;
  if (bank.length === 0) throw new Error('the dashboard bench needs a question bank');
  const roundIds = Array.from({ length: ROUNDS + 1 }, (_, i) => dayOf(i));
  for (const [i, roundId] of roundIds.entries()) {
    const seq = i + 1;
    const open = seq === roundIds.length;
    const question = bank[i % bank.length]!;
    const answered = open ? 0 : Math.round(users * (0.5 + (0.3 * ((i * 7) % 10)) / 10));
    const right = Math.round(answered * (0.3 + (0.6 * ((i * 13) % 10)) / 10));
    const record: RoundRecord = {
      community: keys.community(ref),
      roundId,
      seq,
      questionId: question.id,
      status: open ? 'open' : 'closed',
      openedAt: `${roundId}T00:00:00Z`,
      tally: { A: 0, B: 0, C: 0, D: 0 },
      answered: 0,
      right: 0,
      posts: [],
    };
    await store.set(NS.round, keys.round(ref, roundId), open ? record : { ...record, closedAt: `${roundIds[i + 1]}T00:00:00Z` });
    await store.set(NS.tally, keys.round(ref, roundId), { tally: { [question.answer]: right, X: answered - right }, answered, right, applied: answered });
    await store.sets.add(SETS.roundsOf(ref), roundId);
  }
  const state: CommunityRounds = {
    seq: roundIds.length,
    current: { roundId: roundIds.at(-1)!, seq: roundIds.length, questionId: bank[ROUNDS % bank.length]!.id },
    recent: roundIds.slice(-30).map((roundId) => ({ roundId, seq: roundIds.indexOf(roundId) + 1 })),
    used: [],
    cycle: 0,
  };
  await store.set(NS.rounds, keys.community(ref), state);

  const boards: RoundBoards = { buckets: new Map(), totals: emptyTotals() };
  const lastDay = roundIds.at(-2)!;
  const periods = periodsOfRound(lastDay)!;
  const periodBoards = new Map([periods.week.id, periods.month.id, ALL_TIME].map((id) => [id, emptyPeriodBoard()]));
  const member = Array.from({ length: users }, () => ({ streak: 0, lastSeq: 0, correct: 0, seen: false, c: 0, w: 0, at: '' }));
  for (let seq = ROUNDS - BOARD_ROUNDS + 1; seq <= ROUNDS; seq += 1) {
    boards.buckets.set(seq, emptyBucket());
    for (let i = 0; i < users; i += 1) {
      if ((i * 31 + seq) % 5 === 0) continue;
      const s = member[i]!;
      const ok = (i * 17 + seq * 7) % 3 !== 0;
      const before = s.seen ? { streak: s.streak, lastSeq: s.lastSeq, correct: s.correct } : undefined;
      const was = s.seen ? { c: s.c, w: s.w, at: s.at } : undefined;
      s.streak = ok ? (s.streak > 0 && s.lastSeq === seq - 1 ? s.streak + 1 : 1) : 0;
      if (ok) {
        s.lastSeq = seq;
        s.correct += 1;
        s.c += 1;
        s.at = `${dayOf(seq - 1)}T00:00:${String(i % 60).padStart(2, '0')}Z`;
      } else {
        s.w += 1;
        s.at ||= `${dayOf(seq - 1)}T00:00:00Z`;
      }
      s.seen = true;
      const name = `Member ${i}`;
      applyResult(boards, { seq, userId: `u${i}`, name, before, after: { streak: s.streak, correct: s.correct } }, { seq, idx: i + 1 });
      for (const board of periodBoards.values())
        applyPeriodResult(board, { userId: `u${i}`, name, before: was, after: { c: s.c, w: s.w, at: s.at } }, { seq, idx: i + 1 });
    }
  }
  for (const [seq, bucket] of boards.buckets) await store.set(NS.board, keys.board(ref, seq), bucket);
  await store.set(NS.boardTotals, keys.community(ref), boards.totals);
  for (const [id, board] of periodBoards) await store.set(NS.periodBoard, keys.period(ref, id), board);
  await inParallel(users, 256, (i) => {
    const s = member[i]!;
    return store.set(NS.stats, keys.member(ref, `u${i}`), {
      ...newStats(`u${i}`, `Member ${i}`),
      streak: s.streak,
      lastSeq: s.lastSeq,
      answeredSeq: s.lastSeq,
      correct: s.correct,
    });
  });
  // The evening of the last closed round's day (Seoul): its week and month are the boards' current ones.
  const now = new Date(`${lastDay}T12:00:00Z`);
  return { token: await dashboardToken(store, ref, now), now };
}
