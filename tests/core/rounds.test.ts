import { describe, expect, it } from 'vitest';
import { currentStreak } from '../../src/core/stats.ts';
import { cronSchedule, roundIdFor } from '../../src/schedule/cron-schedule.ts';
import { testStudy } from '../support/study.ts';

const alice = { id: 'alice', name: 'Alice' };
const bob = { id: 'bob', name: 'Bob' };
const C = 'console:study';

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
    await rounds.open('discord:g1', 'd1');
    await rounds.open('slack:T1', 'd1');
    await rounds.answer('discord:g1', 'd1', alice, 'A');
    expect(await rounds.stats('slack:T1', 'alice')).toBeUndefined();
    expect((await rounds.round('slack:T1', 'd1'))!.answered).toBe(0);
    void right;
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
