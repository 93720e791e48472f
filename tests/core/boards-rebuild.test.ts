/** `npm run boards:rebuild`'s core: the boards recomputed from the answer logs equal the ones the live counting built. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { NS_STATS, NS_TALLY } from '../../src/core/answer-applier.ts';
import { rebuildBoards } from '../../src/core/boards-rebuild.ts';
import { NS_BUCKET, NS_TOTALS } from '../../src/core/leaderboard.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { ALL_TIME, NS_PERIOD_BOARD } from '../../src/core/period-boards.ts';
import { periodsOfRound } from '../../src/core/periods.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const C = 'discord:g1';
const USERS = ['ana', 'bo', 'cy', 'dee'];

/** Every derived record of the community, by namespace and key. */
async function snapshot(t: TestStudy, roundIds: string[]) {
  const periods = new Set([ALL_TIME, ...roundIds.flatMap((id) => Object.values(periodsOfRound(id) ?? {}).map((period) => period.id))]);
  const read = async (ns: string, keys: string[]) => Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await t.store.get(ns, key)])));
  return {
    stats: await read(NS_STATS, USERS.map((user) => `${C}:${user}`)),
    tally: await read(NS_TALLY, roundIds.map((id) => `${C}:${id}`)),
    buckets: await read(NS_BUCKET, Array.from({ length: roundIds.length + 1 }, (_, seq) => `${C}:${seq}`)),
    totals: await read(NS_TOTALS, [C]),
    periods: await read(NS_PERIOD_BOARD, [...periods].map((id) => `${C}:${id}`)),
  };
}

describe('rebuilding the boards from the answer logs', () => {
  it('GIVEN any rounds and answers (right, wrong, missed, across weeks and a month) THEN the rebuild from the logs, over damaged boards, equals the live boards', async () => {
    const plays = fc.array(fc.array(fc.constantFrom('R', 'W', '-'), { minLength: USERS.length, maxLength: USERS.length }), { minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(plays, fc.integer({ min: 22, max: 30 }), async (rounds, startDay) => {
        const t = await testStudy({ start: '2026-11-01T00:00:00Z', cron: '0 9 * * *', timezone: 'Asia/Seoul' });
        const discord = new RecordingPlatform('discord');
        await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'subscribe', options: {}, user: { id: 'admin', displayName: 'Admin', locale: 'en', canManage: true } });
        const roundIds: string[] = [];
        for (const [i, marks] of rounds.entries()) {
          const firing = new Date(Date.UTC(2026, 10, startDay + i, 0, 0, 0));
          t.clock.set(firing.toISOString());
          const { roundId } = await runRound(firing, { study: t.study, adapters: { discord }, logger: silentLogger, sleep: async () => undefined });
          roundIds.push(roundId);
          const round = (await t.study.rounds.round(C, roundId))!;
          const answer = t.study.rounds.question(round.questionId)!.answer;
          for (const [u, mark] of marks.entries()) {
            if (mark === '-') continue;
            const letter = mark === 'R' ? answer : LETTERS.find((candidate) => candidate !== answer)!;
            await t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${roundId}:${letter}`, user: { id: USERS[u]!, displayName: USERS[u]!, locale: 'en', canManage: false } });
          }
        }
        const live = await snapshot(t, roundIds);
        // Damage every kind of derived record, as a bug or a bad restore would: the rebuild must not rely on any of them.
        await t.store.set(NS_TOTALS, C, { users: 99, byCorrect: { 7: 99 }, topCorrect: [] });
        // A member who answered at least once: only members in the logs have records to rebuild.
        const player = USERS.find((_, u) => rounds.some((marks) => marks[u] !== '-'));
        if (player) await t.store.set(NS_STATS, `${C}:${player}`, { userId: player, name: player, streak: 42, best: 42, lastSeq: 999, correct: 42, answered: 42, answeredSeq: 999, history: [] });
        for (const id of roundIds) await t.store.set(NS_TALLY, `${C}:${id}`, { tally: { A: 9 }, answered: 9, right: 9, applied: 999 });
        for (const key of Object.keys(live.periods)) await t.store.set(NS_PERIOD_BOARD, key, { top: [], hist: {}, count: 5, applied: { seq: 999, idx: 0 } });
        expect(await rebuildBoards(t.study, C)).toMatchObject({ rebuilt: true, rounds: roundIds.length });
        expect(await snapshot(t, roundIds)).toEqual(live);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
