/** Streak freezes, with the injected clock: earned, used on a missed round, not on a wrong answer, capped, off per community. */
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { readLeaderboard } from '../../src/core/leaderboard.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { plainText } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const admin: User = { id: 'admin', displayName: 'Admin', locale: 'en', canManage: true };
const minji: User = { id: 'minji', displayName: 'Minji', locale: 'en', canManage: false };
const day = (n: number) => `2026-12-${String(n).padStart(2, '0')}`;

async function setup() {
  const t = await testStudy({ start: '2026-12-01T00:00:00Z', cron: '0 9 * * *', timezone: 'Asia/Seoul' });
  const discord = new RecordingPlatform('discord');
  const quiz = (subcommand: string, options: Record<string, string> = {}) => t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options, user: admin });
  await quiz('subscribe');
  /** Posts day n's round (09:00 in Seoul is 00:00 UTC). */
  const post = async (n: number) => {
    t.clock.set(`${day(n)}T00:00:00Z`);
    await runRound(new Date(`${day(n)}T00:00:00Z`), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: async () => undefined });
  };
  const press = async (n: number, right: boolean) => {
    const round = (await t.study.rounds.round('discord:g1', day(n)))!;
    const answer = t.study.rounds.question(round.questionId)!.answer;
    const letter = right ? answer : LETTERS.find((candidate) => candidate !== answer)!;
    await t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${day(n)}:${letter}`, user: minji });
  };
  /** Days from..to posted, each answered as `plan` says: 'R' right, 'W' wrong, '-' missed. */
  const play = async (from: number, plan: string) => {
    for (const [i, mark] of [...plan].entries()) {
      await post(from + i);
      if (mark !== '-') await press(from + i, mark === 'R');
    }
  };
  const streak = async () => {
    const reply = await t.dispatcher.command({ kind: 'command', ...where, command: 'streak', options: {}, user: minji });
    return Object.fromEntries((reply.fields ?? []).map((field) => [field.name, plainText(field.value)]));
  };
  const stats = () => t.study.rounds.stats('discord:g1', 'minji');
  const board = async () => {
    const latest = (await t.study.rounds.communityRounds('discord:g1')).seq;
    return readLeaderboard(t.store, 'discord:g1', latest, undefined);
  };
  return { ...t, quiz, post, press, play, streak, stats, board };
}

describe('streak freezes', () => {
  it('GIVEN 7 right in a row THEN a freeze is earned AND /streak shows it and the way to the next', async () => {
    const t = await setup();
    await t.play(1, 'RRRRRR');
    expect((await t.streak())['Streak freezes']).toBe('❄️ 0 · 1 to the next');
    await t.play(7, 'R');
    expect((await t.stats())?.freezes).toBe(1);
    expect((await t.streak())['Streak freezes']).toBe('❄️ 1 · 7 to the next');
  });

  it('GIVEN 7 right, a missed round and a right one THEN the streak is 8, the missed round shows ❄️, AND the board shows the streak alive while frozen', async () => {
    const t = await setup();
    await t.play(1, 'RRRRRRR-');
    // Day 8 was posted and missed; once day 9 is posted the freeze covers day 8.
    await t.post(9);
    const frozen = await t.streak();
    expect(frozen['Current streak']).toBe('🔥 7');
    expect(frozen['Recent rounds']).toBe('🟩🟩🟩🟩🟩🟩🟩❄️▫️');
    expect((await t.board()).rows).toEqual([expect.objectContaining({ u: 'minji', s: 7 })]);
    await t.press(9, true);
    expect((await t.stats())).toMatchObject({ streak: 8, freezes: 0, frozen: [8] });
    expect((await t.streak())['Recent rounds']).toBe('🟩🟩🟩🟩🟩🟩🟩❄️🟩');
    expect((await t.board()).rows).toEqual([expect.objectContaining({ u: 'minji', s: 8 })]);
  });

  it('GIVEN a freeze held WHEN an answer is wrong THEN the streak ends AND the freeze stays held', async () => {
    const t = await setup();
    await t.play(1, 'RRRRRRRW');
    expect(await t.stats()).toMatchObject({ streak: 0, freezes: 1 });
  });

  it('GIVEN 21 right in a row THEN freezes stop at 2', async () => {
    const t = await setup();
    await t.play(1, 'R'.repeat(21));
    expect((await t.stats())?.freezes).toBe(2);
    expect((await t.streak())['Streak freezes']).toBe('❄️ 2 (max)');
  });

  it('GIVEN two freezes and two missed rounds THEN both are used AND a third miss ends the streak', async () => {
    const t = await setup();
    await t.play(1, `${'R'.repeat(14)}--R`);
    expect(await t.stats()).toMatchObject({ streak: 15, freezes: 0, frozen: [15, 16] });
    await t.play(18, '-R');
    expect((await t.stats())?.streak).toBe(1);
  });

  it('GIVEN /quiz freezes off THEN a missed round ends the streak as before', async () => {
    const t = await setup();
    expect(plainText((await t.quiz('freezes', { state: 'off' })).sections[0]!)).toContain('is off');
    await t.play(1, 'RRRRRRR-');
    await t.post(9);
    expect((await t.streak())['Current streak']).toBe('🔥 0');
    await t.press(9, true);
    expect((await t.stats())?.streak).toBe(1);
    expect(plainText((await t.quiz('freezes', { state: 'maybe' })).sections[0]!)).toContain('maybe');
  });
});
