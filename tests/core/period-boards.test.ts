/**
 * Weekly, monthly and all-time boards with the injected clock: weeks in the community's zone,
 * answers counted as soon as they are recorded, ties, past periods and the replies to a
 * period that cannot be shown.
 */
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { scheduleKey } from '../../src/core/communities.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { currentPeriod, parsePeriod, periodInWords, periodsOfRound } from '../../src/core/periods.ts';
import { plainText, type Reply } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const ref = { platform: 'discord', community: 'g1' };
const user = (id: string, locale: 'ko' | 'en' = 'en'): User => ({ id, displayName: id, locale, canManage: true });
const text = (reply: Reply) => plainText([reply.title ?? '', ...reply.sections, reply.footer ?? ''].join('\n'));

async function setup(start: string) {
  const t = await testStudy({ start, cron: '0 9 * * *', timezone: 'Asia/Seoul' });
  const discord = new RecordingPlatform('discord');
  const quiz = (subcommand: string, options: Record<string, string> = {}) => t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options, user: user('admin') });
  const board = (period: string, as = user('u1')) => t.dispatcher.command({ kind: 'command', ...where, command: 'leaderboard', options: { period }, user: as });
  await quiz('subscribe');
  const fire = async (iso: string) => {
    t.clock.set(iso);
    const plan = await t.study.communities.plan(ref);
    return runRound(new Date(iso), { study: t.study, adapters: { discord }, logger: silentLogger, scheduleKey: scheduleKey(plan), sleep: async () => undefined });
  };
  const press = async (roundId: string, userId: string, right: boolean) => {
    const round = (await t.study.rounds.round('discord:g1', roundId))!;
    const answer = t.study.rounds.question(round.questionId)!.answer;
    const letter = right ? answer : LETTERS.find((candidate) => candidate !== answer)!;
    return t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${roundId}:${letter}`, user: user(userId) });
  };
  return { ...t, quiz, board, fire, press };
}

describe('periods', () => {
  it('GIVEN dates THEN ISO weeks start on Monday, the year of a week is its Thursday, and months are calendar months', () => {
    expect(periodsOfRound('2026-12-06')?.week.id).toBe('2026-W49');
    expect(periodsOfRound('2026-12-07')?.week.id).toBe('2026-W50');
    expect(periodsOfRound('2027-01-01')?.week.id).toBe('2026-W53');
    expect(periodsOfRound('2026-12-07T0010')?.month.id).toBe('2026-12');
    expect(periodInWords(parsePeriod('week', '2026-W49')!, 'ko')).toBe('11월 30일–12월 6일');
    expect(periodInWords(parsePeriod('week', '2026-W50')!, 'en')).toBe('Dec 7–13');
    expect(periodInWords(parsePeriod('month', '2026-11')!, 'ko')).toBe('2026년 11월');
    expect(parsePeriod('month', '2026-13')).toBeUndefined();
    expect(parsePeriod('week', '2026-W54')).toBeUndefined();
    expect(currentPeriod('week', new Date('2026-12-06T15:10:00Z'), 'Asia/Seoul').id).toBe('2026-W50');
  });
});

describe('/leaderboard week and month', () => {
  it('GIVEN a round at 23:30 Sunday and one at 00:10 Monday in Seoul THEN the first counts for that week AND the second for the next', async () => {
    const t = await setup('2026-12-06T00:00:00Z');
    await t.quiz('schedule', { time: '23:30' });
    await t.fire('2026-12-06T14:30:00Z'); // Sunday 23:30 in Seoul
    await t.press('2026-12-06', 'u1', true);
    t.clock.set('2026-12-06T15:00:00Z');
    await t.quiz('schedule', { time: '00:10' });
    const monday = await t.fire('2026-12-06T15:10:00Z'); // Monday 00:10 in Seoul
    expect(monday.roundId).toBe('2026-12-07');
    await t.press('2026-12-07', 'u1', true);
    expect(text(await t.board('week 2026-W49'))).toContain('u1 — 1 right · 0 wrong');
    const now = text(await t.board('week'));
    expect(now).toContain('week of Dec 7–13');
    expect(now).toContain('u1 — 1 right · 0 wrong');
    expect(now).toContain('Resets Monday 00:00 (Asia/Seoul)');
    expect(text(await t.board('month'))).toContain('u1 — 2 right · 0 wrong');
  });

  it('GIVEN answers to an open round THEN the period boards count them at once AND rank by right, then fewer wrong, then who got there first', async () => {
    const t = await setup('2026-12-01T00:00:00Z');
    await t.fire('2026-12-01T00:00:00Z');
    t.clock.set('2026-12-01T00:01:00Z');
    await t.press('2026-12-01', 'zed', true);
    t.clock.set('2026-12-01T00:02:00Z');
    await t.press('2026-12-01', 'late', true);
    await t.press('2026-12-01', 'amy', false);
    await t.fire('2026-12-02T00:00:00Z');
    t.clock.set('2026-12-02T00:05:00Z');
    await t.press('2026-12-02', 'zed', false);
    await t.press('2026-12-02', 'late', true);
    await t.press('2026-12-02', 'amy', true);
    // late 2/0 first; zed and amy both 1/1, and zed got to 1 right first (names would put amy first).
    const lines = text(await t.board('week', user('amy'))).split('\n');
    expect(lines.filter((line) => /right ·/.test(line))).toEqual(['🥇 1. late — 2 right · 0 wrong', '🥈 2. zed — 1 right · 1 wrong', '🥉 3. amy — 1 right · 1 wrong']);
    expect(text(await t.board('week', user('amy')))).toContain('Your rank: 3 of 3 (1 right, 1 wrong)');
    expect(text(await t.board('all'))).toContain('all time');
  });

  it.each([
    ['week 2026-13', 'I cannot read the period 2026-13'],
    ['month 2026-13', 'I cannot read the period 2026-13'],
    ['week 2027-W10', '2027-W10 has not come yet'],
    ['month 2026-10', 'No round was answered in 2026-10'],
    ['season', 'I do not know the board season'],
  ])('GIVEN /leaderboard %s THEN the reply quotes it and shows an accepted form, never an empty board', async (typed, expected) => {
    const t = await setup('2026-12-01T00:00:00Z');
    await t.fire('2026-12-01T00:00:00Z');
    await t.press('2026-12-01', 'u1', true);
    const reply = await t.board(typed);
    expect(reply.visibility).toBe('requester');
    expect(text(reply)).toContain(expected);
    expect(text(reply)).not.toContain('— ');
  });
});
