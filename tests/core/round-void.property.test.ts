/** A voided round is as if it had never been posted: the same standing for every member as a play without it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { readLeaderboard } from '../../src/core/leaderboard.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { ALL_TIME, readPeriodBoard } from '../../src/core/period-boards.ts';
import { currentStreak } from '../../src/core/stats.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const REF = { platform: 'discord', community: 'g1' };
const USERS = ['ana', 'bo', 'cy'];
const admin = { id: 'admin', displayName: 'Admin', locale: 'en' as const, canManage: true };
type Mark = 'R' | 'W' | '-';

/** Plays the rounds on days 1, 2, … of December, skipping the day `skip`, starting from `from`; the round ids by day. */
async function play(rounds: Mark[][], skip: number | undefined, from = 0, game?: { t: TestStudy; discord: RecordingPlatform; ids: Map<number, string> }) {
  const t = game?.t ?? (await testStudy({ start: '2026-11-30T00:00:00Z' }));
  const discord = game?.discord ?? new RecordingPlatform('discord');
  if (!game) await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'subscribe', options: {}, user: admin });
  const ids = game?.ids ?? new Map<number, string>();
  for (const [day, marks] of rounds.entries()) {
    if (day === skip || day < from) continue;
    const firing = new Date(Date.UTC(2026, 11, 1 + day, 0, 0, 0));
    t.clock.set(firing.toISOString());
    const { roundId } = await runRound(firing, { study: t.study, adapters: { discord }, logger: silentLogger, sleep: async () => undefined });
    ids.set(day, roundId);
    const round = (await t.study.rounds.round(REF, roundId))!;
    const answer = t.study.rounds.question(round.questionId)!.answer;
    for (const [u, mark] of marks.entries()) {
      if (mark === '-') continue;
      t.clock.advance(1000);
      const letter = mark === 'R' ? answer : LETTERS.find((candidate) => candidate !== answer)!;
      await t.dispatcher.action({
        kind: 'action',
        ...where,
        action: 'quiz.round',
        payload: `${roundId}:${letter}`,
        user: { id: USERS[u]!, displayName: USERS[u]!, locale: 'en', canManage: false },
      });
    }
  }
  return { t, discord, ids };
}

/** Everything a member can see of the standings: own record, the streak board, the period boards. */
async function standings(t: TestStudy) {
  const rounds = await t.study.rounds.communityRounds(REF);
  const members = await Promise.all(
    USERS.map(async (user) => {
      const stats = await t.study.rounds.stats(REF, user);
      return stats && stats.answered > 0
        ? { user, streak: currentStreak(stats, rounds.seq), best: stats.best, correct: stats.correct, answered: stats.answered, freezes: stats.freezes ?? 0 }
        : { user };
    }),
  );
  const board = (await readLeaderboard(t.store, REF, rounds.seq, undefined, 10)).rows.map((row) => [row.u, row.s, row.c]);
  const periods = await Promise.all(
    ['2026-W49', '2026-W50', '2026-12', ALL_TIME].map(
      async (id) => (await readPeriodBoard(t.store, REF, id, 'nobody', undefined))?.rows.map((row) => [row.u, row.c, row.w]) ?? [],
    ),
  );
  return { members, board, periods: periods.map((rows) => rows) };
}

describe('voiding a round', () => {
  it('GIVEN any play of up to 12 rounds (freezes among them) AND any one of them voided, the open one too, AND one more round THEN every standing equals the same play with that round never posted', async () => {
    const marks = fc.array(fc.array(fc.constantFrom<Mark>('R', 'R', 'R', 'R', 'W', '-'), { minLength: USERS.length, maxLength: USERS.length }), {
      minLength: 2,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(
        marks.chain((rounds) => fc.tuple(fc.constant(rounds), fc.integer({ min: 0, max: rounds.length - 1 }))),
        async ([rounds, voided]) => {
          // One more round after the play, played after the void: the voided round may be the open one, and the next takes its place.
          const all = [...rounds, USERS.map(() => '-' as const)];
          const live = await play(all.slice(0, -1), undefined);
          const reply = await live.t.dispatcher.command({
            kind: 'command',
            ...where,
            command: 'quiz',
            subcommand: 'void',
            options: { round: live.ids.get(voided)! },
            user: admin,
          });
          expect(reply.tone).toBe('success');
          await play(all, undefined, rounds.length, live);
          const without = await play(all, voided);
          expect(await standings(live.t)).toEqual(await standings(without.t));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
