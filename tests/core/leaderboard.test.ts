import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BoardEntry, byRank, readLeaderboard } from '../../src/core/leaderboard.ts';
import { currentStreak, type UserStats } from '../../src/core/stats.ts';
import { testStudy } from '../support/study.ts';

const C = { platform: 'console', community: 'board' };

/** The leaderboard computed the slow, obvious way: read every user. */
function naive(all: UserStats[], latestSeq: number): BoardEntry[] {
  return all.map((s) => ({ u: s.userId, n: s.name, s: currentStreak(s, latestSeq), c: s.correct })).sort(byRank);
}

describe('leaderboard', () => {
  it('GIVEN any sequence of rounds and answers THEN the top 10 and every rank match reading every user', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.boolean()), { maxLength: 14 }), { minLength: 1, maxLength: 7 }),
        async (days) => {
          const { study } = await testStudy();
          const users = new Set<string>();
          for (const [index, answers] of days.entries()) {
            const roundId = `d${index}`;
            const { round } = (await study.rounds.open(C, roundId))!;
            const question = study.rounds.question(round.questionId)!;
            for (const [user, ok] of answers) {
              users.add(`u${user}`);
              const choice = ok ? question.answer : question.answer === 'A' ? 'B' : 'A';
              await study.rounds.answer(C, roundId, { id: `u${user}`, name: `User ${String(user).padStart(2, '0')}` }, choice);
            }
          }
          const latest = (await study.rounds.communityRounds(C)).seq;
          const all = (await Promise.all([...users].map((u) => study.rounds.stats(C, u)))).filter((s) => s !== undefined);
          const expected = naive(all, latest);
          const board = await readLeaderboard(study.store, C, latest, undefined);
          expect(board.rows.map((r) => [r.u, r.s, r.c])).toEqual(expected.slice(0, 10).map((r) => [r.u, r.s, r.c]));
          expect(board.total).toBe(all.length);
          for (const me of expected) {
            const standing = await readLeaderboard(study.store, C, latest, me);
            const better = expected.filter((o) => o.s > me.s || (o.s === me.s && o.c > me.c)).length;
            expect(standing.caller?.rank).toBe(better + 1);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('GIVEN nobody has played THEN the board is empty and the caller has no rank', async () => {
    const { study } = await testStudy();
    const board = await readLeaderboard(study.store, C, 0, undefined);
    expect(board).toEqual({ rows: [], total: 0 });
  });
});
