/**
 * Each community's study plan, with the injected clock: the environment's schedule as the
 * default, /quiz schedule and its bad tokens, a move later in the day that waits for the next
 * date, a change of zone, daylight saving both ways, pause and resume, streaks across changes.
 */
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { scheduleKey } from '../../src/core/communities.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { User } from '../../src/core/request.ts';
import { plainText, type Reply } from '../../src/core/reply.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { startFiringTimer } from '../../src/schedule/firing-timer.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const ref = { platform: 'discord', community: 'g1' };
const admin: User = { id: 'admin', displayName: 'Admin', locale: 'en', canManage: true };
const adminKo: User = { ...admin, locale: 'ko' };
const text = (reply: Reply) => plainText([reply.title ?? '', ...reply.sections, ...(reply.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n'));

async function setup(start: string, options: { cron?: string; timezone?: string } = {}) {
  const t = await testStudy({ start, cron: options.cron ?? '0 9 * * *', timezone: options.timezone ?? 'Asia/Seoul' });
  const discord = new RecordingPlatform('discord');
  const quiz = (subcommand: string, opts: Record<string, string> = {}, user: User = admin) =>
    t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options: opts, user });
  await quiz('subscribe');
  /** Runs the firing of the community's current schedule at `iso`, as its timer would. */
  const fire = async (iso: string) => {
    t.clock.set(iso);
    const plan = await t.study.communities.plan(ref);
    return runRound(new Date(iso), { study: t.study, adapters: { discord }, logger: silentLogger, scheduleKey: scheduleKey(plan), sleep: async () => undefined });
  };
  const status = async (user: User = admin) => Object.fromEntries(((await quiz('status', {}, user)).fields ?? []).map((f) => [f.name, plainText(f.value)]));
  return { ...t, discord, quiz, fire, status };
}

async function answer(t: TestStudy, roundId: string, right: boolean, userId = 'u1') {
  const round = (await t.study.rounds.round('discord:g1', roundId))!;
  const correct = t.study.rounds.question(round.questionId)!.answer;
  const letter = right ? correct : LETTERS.find((candidate) => candidate !== correct)!;
  return t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${roundId}:${letter}`, user: { ...admin, id: userId } });
}

describe('a community that never set anything', () => {
  it('GIVEN QUIZ_CRON, QUIZ_TIMEZONE and DEFAULT_LOCALE THEN they are its schedule, zone and channel language', async () => {
    const t = await setup('2026-11-28T00:30:00Z', { cron: '0 7 * * 1-5', timezone: 'Europe/Berlin' });
    expect(await t.status()).toMatchObject({ Schedule: 'weekdays at 07:00 (Europe/Berlin)', 'Next question': '2026-11-30 07:00 (Europe/Berlin)', 'Channel language': 'Korean' });
  });
});

describe('/quiz schedule', () => {
  it('GIVEN 21:30 weekdays Europe/Berlin as Slack and the console type it THEN the reply says it in words with the next question, and status agrees', async () => {
    // Friday 2026-12-04 12:00 UTC: the next weekday 21:30 in Berlin is that evening.
    const t = await setup('2026-12-04T12:00:00Z');
    const reply = await t.quiz('schedule', { time: '21:30 weekdays Europe/Berlin' });
    expect(text(reply)).toContain('weekdays at 21:30 (Europe/Berlin)');
    expect(text(reply)).toContain('2026-12-04 21:30 (Europe/Berlin)');
    const ko = await t.quiz('schedule', { time: 'Europe/Berlin 21:30 weekdays' }, adminKo);
    expect(text(ko)).toContain('평일 21:30 (Europe/Berlin)');
    expect(await t.status()).toMatchObject({ Schedule: 'weekdays at 21:30 (Europe/Berlin)', 'Next question': '2026-12-04 21:30 (Europe/Berlin)' });
  });

  it('GIVEN Discord options (time, days, timezone) THEN they set the same plan', async () => {
    const t = await setup('2026-12-04T12:00:00Z');
    // 12:00 UTC on Friday is 07:00 in New York: the next 07:15 is that morning.
    await t.quiz('schedule', { time: '07:15', days: 'mon,wed,fri', timezone: 'America/New_York' });
    expect(await t.status()).toMatchObject({ Schedule: 'Mon, Wed, Fri at 07:15 (America/New_York)', 'Next question': '2026-12-04 07:15 (America/New_York)' });
  });

  it.each([
    ['25:00', 'time'],
    ['21:30 someday', 'days'],
    ['21:30 daily Mars/Base', 'time zone'],
  ])('GIVEN the bad token in %j THEN the reply quotes it, names the accepted forms AND nothing changes', async (typed, what) => {
    const t = await setup('2026-12-04T12:00:00Z');
    const before = await t.study.communities.plan(ref);
    const reply = text(await t.quiz('schedule', { time: typed }));
    const bad = typed.split(' ').at(-1)!;
    expect(reply).toContain(`${what} ${bad}`);
    expect(reply).toContain('HH:MM');
    expect(reply).toContain('weekdays');
    expect(reply).toContain('Europe/Berlin');
    expect(await t.study.communities.plan(ref)).toEqual(before);
  });

  it('GIVEN the zone not given THEN the community keeps its current zone', async () => {
    const t = await setup('2026-12-04T12:00:00Z');
    await t.quiz('schedule', { time: '20:00 Europe/Berlin' });
    await t.quiz('schedule', { time: '06:45 weekends' });
    expect((await t.status()).Schedule).toBe('weekends at 06:45 (Europe/Berlin)');
  });
});

describe('changes take effect from the next firing', () => {
  it("GIVEN today's 09:00 question was posted WHEN the schedule moves to 21:30 THEN nothing more is posted today AND tomorrow's 21:30 posts the next round", async () => {
    const t = await setup('2026-12-01T00:00:00Z');
    expect((await t.fire('2026-12-01T00:00:00Z')).posted).toBe(1); // 09:00 Seoul
    t.clock.set('2026-12-01T03:00:00Z');
    await t.quiz('schedule', { time: '21:30' });
    expect((await t.status())['Next question']).toBe('2026-12-02 21:30 (Asia/Seoul)');
    const sameDay = await t.fire('2026-12-01T12:30:00Z'); // 21:30 Seoul, the same local date
    expect(sameDay.posted).toBe(0);
    expect(t.discord.postsIn('c1')).toHaveLength(1);
    // The open round stays open until the next round fires under the new schedule.
    expect((await t.study.rounds.round('discord:g1', '2026-12-01'))?.status).toBe('open');
    const next = await t.fire('2026-12-02T12:30:00Z');
    expect([next.roundId, next.posted, next.revealed]).toEqual(['2026-12-02', 1, 1]);
  });

  it('GIVEN a change of zone THEN the round ids are local dates in the new zone AND a streak survives the change', async () => {
    const t = await setup('2026-12-01T00:00:00Z');
    await t.fire('2026-12-01T00:00:00Z');
    await answer(t, '2026-12-01', true);
    t.clock.set('2026-12-01T06:00:00Z');
    await t.quiz('schedule', { time: '08:00 America/New_York' });
    // 08:00 in New York on Dec 2 is 13:00 UTC; in Seoul it is already Dec 2 22:00.
    const next = await t.fire('2026-12-02T13:00:00Z');
    expect(next.roundId).toBe('2026-12-02');
    const reply = await answer(t, '2026-12-02', true);
    expect(plainText(reply.reply!.sections.join(' '))).toContain('2');
    expect((await t.study.rounds.stats('discord:g1', 'u1'))?.streak).toBe(2);
  });

  it('GIVEN the community paused THEN its firings post and edit nothing AND no streak breaks; resumed, the next firing posts and the streak goes on', async () => {
    const t = await setup('2026-12-01T00:00:00Z');
    await t.fire('2026-12-01T00:00:00Z');
    await answer(t, '2026-12-01', true);
    await t.quiz('pause');
    expect((await t.status())['Next question']).toContain('paused');
    const calls = t.discord.calls;
    expect((await t.fire('2026-12-02T00:00:00Z')).posted).toBe(0);
    expect((await t.fire('2026-12-03T00:00:00Z')).posted).toBe(0);
    expect(t.discord.calls).toBe(calls);
    t.clock.set('2026-12-03T05:00:00Z');
    expect(text(await t.quiz('resume'))).toContain('2026-12-04 09:00 (Asia/Seoul)');
    const back = await t.fire('2026-12-04T00:00:00Z');
    expect([back.posted, back.revealed]).toEqual([1, 1]);
    await answer(t, '2026-12-04', true);
    expect((await t.study.rounds.stats('discord:g1', 'u1'))?.streak).toBe(2);
  });

  it('GIVEN a firing missed before the schedule changed or the quiz resumed THEN the catch-up does not post it', async () => {
    const t = await setup('2026-12-01T00:00:00Z');
    t.clock.set('2026-12-01T01:00:00Z');
    await t.quiz('schedule', { time: '09:30' });
    // The 09:30 firing of Dec 1 (00:30 UTC) was before the change at 01:00 UTC: a catch-up of it posts nothing.
    expect((await t.fire('2026-12-01T00:30:00Z')).posted).toBe(0);
    await t.quiz('pause');
    t.clock.set('2026-12-02T02:00:00Z');
    await t.quiz('resume');
    expect((await t.fire('2026-12-02T00:30:00Z')).posted).toBe(0);
    expect((await t.fire('2026-12-03T00:30:00Z')).posted).toBe(1);
  });

  it('GIVEN /quiz language en THEN the questions and reveals posted in the channels are in English, while replies follow each member', async () => {
    const t = await setup('2026-12-01T00:00:00Z');
    await t.quiz('language', { language: 'en' }, adminKo);
    await t.fire('2026-12-01T00:00:00Z');
    expect(t.discord.postsIn('c1')[0]?.title).toContain('Daily quiz');
    expect(text(await t.quiz('status', {}, adminKo))).toContain('채널 언어: 영어');
    expect(text(await t.quiz('language', { language: 'fr' }))).toContain('language fr.');
  });
});

describe('daylight saving', () => {
  const walk = (cron: string, zone: string, from: string, count: number) => {
    const schedule = cronSchedule(cron, zone);
    const out: string[] = [];
    let at = new Date(from);
    for (let i = 0; i < count; i += 1) {
      at = schedule.next(at)!;
      out.push(at.toISOString());
    }
    return out;
  };

  it('GIVEN 02:30 daily in Europe/Berlin THEN the spring-forward day fires at the jump (03:00 CEST) AND the fall-back day fires once, at the first 02:30', () => {
    expect(walk('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(walk('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('GIVEN 02:30 and 01:30 daily in America/New_York THEN 8 March fires at the jump AND 1 November fires once, at the first 01:30', () => {
    expect(walk('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 2)).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
    expect(walk('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('GIVEN the timer of a Berlin 02:30 schedule just before the spring-forward jump THEN it fires once, at the jump', async () => {
    const clock = new ManualClock('2026-03-29T00:59:59.950Z');
    const fired: string[] = [];
    const timer = startFiringTimer({ next: (after) => cronSchedule('30 2 * * *', 'Europe/Berlin').next(after), clock, onFire: (firing) => fired.push(firing.toISOString()) });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual([]);
    clock.set('2026-03-29T01:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 120));
    timer.stop();
    expect(fired).toEqual(['2026-03-29T01:00:00.000Z']);
  });
});
