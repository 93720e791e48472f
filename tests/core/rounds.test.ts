import { describe, expect, it } from 'vitest';
import { readLeaderboard } from '../../src/core/leaderboard.ts';
import { currentStreak } from '../../src/core/stats.ts';
import { cronSchedule, roundIdFor } from '../../src/schedule/cron-schedule.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';
import { SlowStore } from '../fakes/slow-store.ts';
import { useRedis } from '../support/redis.ts';
import { testStudy } from '../support/study.ts';

const alice = { id: 'alice', name: 'Alice' };
const bob = { id: 'bob', name: 'Bob' };
const C = { platform: 'console', community: 'study' };

async function setup() {
  const t = await testStudy();
  const rounds = t.study.rounds;
  const open = async (roundId: string) => (await rounds.open(C, roundId))!;
  const answerOf = (roundId: string) => async () => rounds.question((await rounds.round(C, roundId))!.questionId)!.answer;
  const wrongOf = async (roundId: string) => (((await answerOf(roundId)()) === 'A' ? 'B' : 'A') as 'A' | 'B');
  return { ...t, rounds, open, right: (roundId: string) => answerOf(roundId)(), wrong: wrongOf };
}

describe('daily rounds', () => {
  it('GIVEN a round THEN the first answer counts AND a second press changes nothing and says so', async () => {
    const { rounds, open, right, wrong } = await setup();
    await open('2026-11-28');
    const first = await rounds.answer(C, '2026-11-28', alice, await right('2026-11-28'));
    expect(first).toMatchObject({ status: 'recorded', ok: true, streak: 1 });
    const second = await rounds.answer(C, '2026-11-28', alice, await wrong('2026-11-28'));
    expect(second).toEqual({ status: 'already', choice: await right('2026-11-28') });
    const round = (await rounds.round(C, '2026-11-28'))!;
    expect(round.answered).toBe(1);
    expect(round.right).toBe(1);
  });

  it('GIVEN concurrent presses by one user THEN exactly one is recorded', async () => {
    const { rounds, open } = await setup();
    await open('r1');
    const results = await Promise.all((['A', 'B', 'C', 'D', 'A', 'B'] as const).map((letter) => rounds.answer(C, 'r1', alice, letter)));
    expect(results.filter((r) => r.status === 'recorded')).toHaveLength(1);
    expect((await rounds.round(C, 'r1'))!.answered).toBe(1);
  });

  it('GIVEN right answers over rounds THEN the streak grows AND a wrong answer ends it AND best is kept', async () => {
    const { rounds, open, right, wrong } = await setup();
    for (const day of ['d1', 'd2', 'd3']) {
      await open(day);
      await rounds.answer(C, day, alice, await right(day));
    }
    expect((await rounds.stats(C, 'alice'))!.streak).toBe(3);
    await open('d4');
    const miss = await rounds.answer(C, 'd4', alice, await wrong('d4'));
    expect(miss).toMatchObject({ status: 'recorded', ok: false, streak: 0 });
    const stats = (await rounds.stats(C, 'alice'))!;
    expect([stats.streak, stats.best, stats.correct, stats.answered]).toEqual([0, 3, 3, 4]);
  });

  it('GIVEN a posted round the user did not answer THEN the streak has ended when the next round opens', async () => {
    const { rounds, open, right } = await setup();
    await open('d1');
    await rounds.answer(C, 'd1', alice, await right('d1'));
    await open('d2');
    expect(currentStreak((await rounds.stats(C, 'alice'))!, (await rounds.communityRounds(C)).seq)).toBe(1);
    await open('d3');
    expect(currentStreak((await rounds.stats(C, 'alice'))!, (await rounds.communityRounds(C)).seq)).toBe(0);
    await rounds.answer(C, 'd3', alice, await right('d3'));
    expect((await rounds.stats(C, 'alice'))!.streak).toBe(1);
  });

  it('GIVEN a day with no round posted (bot down) THEN nobody loses a streak', async () => {
    const { rounds, open, right } = await setup();
    await open('2026-11-28');
    await rounds.answer(C, '2026-11-28', alice, await right('2026-11-28'));
    // 2026-11-29 never fired; the next posted round is the next in sequence.
    await open('2026-11-30');
    await rounds.answer(C, '2026-11-30', alice, await right('2026-11-30'));
    expect((await rounds.stats(C, 'alice'))!.streak).toBe(2);
  });

  it('GIVEN the next round opens THEN the previous closes AND a late press is refused', async () => {
    const { rounds, open } = await setup();
    await open('d1');
    const { previous } = await open('d2');
    expect(previous).toMatchObject({ roundId: 'd1', status: 'closed' });
    expect(await rounds.answer(C, 'd1', bob, 'A')).toEqual({ status: 'closed' });
    expect(await rounds.answer(C, 'nope', bob, 'A')).toEqual({ status: 'unknown' });
  });

  it('GIVEN opening the same round twice THEN it is one round with one question', async () => {
    const { rounds, open } = await setup();
    const a = await open('d1');
    const b = await open('d1');
    expect(b.created).toBe(false);
    expect(b.round.questionId).toBe(a.round.questionId);
    expect((await rounds.communityRounds(C)).seq).toBe(1);
  });

  it('GIVEN a community THEN drift comes first AND no question repeats until the bank is used up', async () => {
    const { rounds, open, content } = await setup();
    const seen: string[] = [];
    for (let day = 1; day <= content.trivia.length; day += 1) seen.push((await open(`d${day}`)).round.questionId);
    expect(rounds.question(seen[0]!)!.topic).toBe('drift');
    expect(new Set(seen).size).toBe(content.trivia.length);
    const nextCycle = (await open('again')).round.questionId;
    expect(content.trivia.map((q) => q.id)).toContain(nextCycle);
  });

  it('GIVEN two communities THEN their records never mix', async () => {
    const { rounds, right } = await setup();
    await rounds.open({ platform: 'discord', community: 'g1' }, 'd1');
    await rounds.open({ platform: 'slack', community: 'T1' }, 'd1');
    await rounds.answer({ platform: 'discord', community: 'g1' }, 'd1', alice, 'A');
    expect(await rounds.stats({ platform: 'slack', community: 'T1' }, 'alice')).toBeUndefined();
    expect((await rounds.round({ platform: 'slack', community: 'T1' }, 'd1'))!.answered).toBe(0);
    void right;
  });
});

/**
 * A real store whose next answer write stops, before or after it reaches the store, until the
 * test releases it: the test can close a round between the write and what follows it.
 */
class PausingStore extends SlowStore {
  private pause: { when: 'before' | 'after'; reached: () => void; gate: Promise<void> } | undefined;

  pauseNextAnswer(when: 'before' | 'after'): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.pause = { when, reached, gate };
    return { reached: reachedPromise, release };
  }

  override get answers(): Store['answers'] {
    const inner = super.answers;
    return {
      ...inner,
      record: async (round, fact) => {
        const pause = this.pause;
        this.pause = undefined;
        if (pause?.when === 'before') {
          pause.reached();
          await pause.gate;
        }
        const outcome = await inner.record(round, fact);
        if (pause?.when === 'after') {
          pause.reached();
          await pause.gate;
        }
        return outcome;
      },
    };
  }
}

let communities = 0;

function closeRaceSpecs(backend: string, openStore: () => Promise<Store>) {
  describe(`a press overlapping the close (${backend} store)`, () => {
    async function raceSetup() {
      const inner = await openStore();
      const store = new PausingStore(inner);
      const t = await testStudy({ store });
      communities += 1;
      const community = { platform: 'race', community: `${backend}:${process.pid}:${communities}` };
      const rounds = t.study.rounds;
      const open = async (roundId: string) => (await rounds.open(community, roundId))!;
      const right = async (roundId: string) => rounds.question((await rounds.round(community, roundId))!.questionId)!.answer;
      const board = (seq: number) => readLeaderboard(inner, community, seq, undefined);
      return { store, inner, rounds, community, open, right, board };
    }

    it("GIVEN a press whose answer reaches the store after the next round opens THEN it is refused as closed AND the user's record and the leaderboard are as they were", async () => {
      const { store, rounds, community, open, right, board } = await raceSetup();
      await open('d1');
      expect(await rounds.answer(community, 'd1', alice, await right('d1'))).toMatchObject({ status: 'recorded', streak: 1 });
      await open('d2');
      const statsBefore = await rounds.stats(community, 'alice');
      const boardBefore = await board(2);

      const paused = store.pauseNextAnswer('before');
      const press = rounds.answer(community, 'd2', alice, await right('d2'));
      await paused.reached;
      const { previous } = await open('d3');
      paused.release();

      expect(await press).toEqual({ status: 'closed' });
      expect(previous).toMatchObject({ roundId: 'd2', status: 'closed', answered: 0, right: 0, tally: { A: 0, B: 0, C: 0, D: 0 } });
      expect(await rounds.round(community, 'd2')).toMatchObject({ answered: 0, right: 0, tally: { A: 0, B: 0, C: 0, D: 0 } });
      expect(await rounds.stats(community, 'alice')).toEqual(statsBefore);
      expect(await board(2)).toEqual(boardBefore);
      // d2 was missed, so a right answer to d3 starts a new streak.
      expect(await rounds.answer(community, 'd3', alice, await right('d3'))).toMatchObject({ status: 'recorded', streak: 1 });
      await store.close();
    });

    it('GIVEN a press whose answer is written but not yet counted when the next round opens THEN the close counts it AND the reveal, the stats and the board agree with what the user is told', async () => {
      const { store, rounds, community, open, right, board } = await raceSetup();
      await open('d1');
      expect(await rounds.answer(community, 'd1', alice, await right('d1'))).toMatchObject({ status: 'recorded', streak: 1 });
      await open('d2');

      const paused = store.pauseNextAnswer('after');
      const press = rounds.answer(community, 'd2', alice, await right('d2'));
      await paused.reached;
      const { previous } = await open('d3');
      paused.release();

      expect(await press).toMatchObject({ status: 'recorded', ok: true, streak: 2 });
      expect(previous).toMatchObject({ roundId: 'd2', status: 'closed', answered: 1, right: 1 });
      expect(await rounds.stats(community, 'alice')).toMatchObject({ streak: 2, correct: 2, answered: 2 });
      expect(await board(2)).toMatchObject({ total: 1, rows: [{ u: 'alice', s: 2, c: 2 }] });
      await store.close();
    });

    it('GIVEN a first-time player whose press reaches the store after the close THEN no record of them is left AND their next answer makes them a player', async () => {
      const { store, rounds, community, open, right, board } = await raceSetup();
      await open('d1');
      const paused = store.pauseNextAnswer('before');
      const press = rounds.answer(community, 'd1', bob, await right('d1'));
      await paused.reached;
      await open('d2');
      paused.release();

      expect(await press).toEqual({ status: 'closed' });
      expect(await rounds.stats(community, 'bob')).toBeUndefined();
      expect((await board(1)).total).toBe(0);
      expect(await rounds.answer(community, 'd2', bob, await right('d2'))).toMatchObject({ status: 'recorded', streak: 1 });
      expect(await board(2)).toMatchObject({ total: 1, rows: [{ u: 'bob', s: 1, c: 1 }] });
      await store.close();
    });

    it("GIVEN many presses racing the next round's opening THEN the reveal's tally is exactly the recorded presses AND every refused press left nothing", async () => {
      // Where the close lands among the presses depends on the backend's timing, so the presses
      // go out at two paces (a few microtasks apart, an event-loop turn apart), three times each.
      const paces = {
        microtasks: async () => {
          for (let turn = 0; turn < 3; turn += 1) await Promise.resolve();
        },
        turns: () => new Promise<void>((resolve) => setImmediate(resolve)),
      };
      for (const pace of [paces.microtasks, paces.turns, paces.microtasks, paces.turns, paces.microtasks, paces.turns]) {
        const { inner, rounds, community, open, right, board } = await raceSetup();
        await open('d1');
        const answer = await right('d1');
        const users = Array.from({ length: 60 }, (_, i) => ({ id: `u${i}`, name: `User ${i}` }));
        const presses: Array<ReturnType<typeof rounds.answer>> = [];
        let opening: ReturnType<typeof open> | undefined;
        for (const [i, user] of users.entries()) {
          if (i === 20) opening = open('d2');
          presses.push(rounds.answer(community, 'd1', user, i % 2 === 0 ? answer : answer === 'A' ? 'B' : 'A'));
          await pace();
        }
        const results = await Promise.all(presses);
        const { previous } = await opening!;

        const recorded = results.filter((result) => result.status === 'recorded').length;
        expect(results.every((result) => result.status === 'recorded' || result.status === 'closed')).toBe(true);
        expect(previous!.answered).toBe(recorded);
        expect(Object.values(previous!.tally).reduce((sum, n) => sum + n, 0)).toBe(recorded);
        expect(await rounds.round(community, 'd1')).toMatchObject({ answered: previous!.answered, right: previous!.right, tally: previous!.tally });
        for (const [i, user] of users.entries()) {
          const stats = await rounds.stats(community, user.id);
          if (results[i]!.status === 'recorded') expect(stats).toMatchObject({ answeredSeq: 1, answered: 1 });
          else expect(stats).toBeUndefined();
        }
        expect((await board(1)).total).toBe(recorded);
        await inner.close();
      }
    });
  });
}

closeRaceSpecs('memory', () => createStore('memory://'));
closeRaceSpecs('sqlite', () => createStore('sqlite://:memory:'));

describe('redis', () => {
  const redis = useRedis();
  const { skip } = redis;
  describe.skipIf(skip)('on a real redis-server', () => {
    closeRaceSpecs('redis', () => createStore(redis.url()));
  });
});

describe('round ids and day boundaries', () => {
  it('GIVEN Asia/Seoul THEN 23:59 and 00:01 local are different days although both are the same UTC day', () => {
    const lateEvening = cronSchedule('59 23 * * *', 'Asia/Seoul');
    const justAfterMidnight = cronSchedule('1 0 * * *', 'Asia/Seoul');
    expect(roundIdFor(new Date('2026-11-28T14:59:00Z'), lateEvening)).toBe('2026-11-28');
    expect(roundIdFor(new Date('2026-11-28T15:01:00Z'), justAfterMidnight)).toBe('2026-11-29');
  });

  it('GIVEN a 09:00 Seoul schedule THEN the next firing after 21:00 UTC is 00:00 UTC the next day', () => {
    const seoul = cronSchedule('0 9 * * *', 'Asia/Seoul');
    expect(seoul.next(new Date('2026-11-28T21:00:00Z'))!.toISOString()).toBe('2026-11-29T00:00:00.000Z');
  });

  it('GIVEN a zone with daylight saving THEN the local 09:00 firing moves in UTC across the change AND no day is skipped', () => {
    const berlin = cronSchedule('0 9 * * *', 'Europe/Berlin');
    const before = berlin.next(new Date('2026-03-28T12:00:00Z'))!;
    const after = berlin.next(before)!;
    expect(before.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(roundIdFor(before, berlin)).toBe('2026-03-29');
    expect(after.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    const lastWinter = berlin.next(new Date('2026-03-27T12:00:00Z'))!;
    expect(lastWinter.toISOString()).toBe('2026-03-28T08:00:00.000Z');
  });

  it('GIVEN a seconds-level schedule THEN round ids carry the time', () => {
    const fast = cronSchedule('*/5 * * * * *', 'Asia/Seoul');
    expect(roundIdFor(new Date('2026-11-28T21:00:05Z'), fast)).toBe('2026-11-29T060005');
  });
});
