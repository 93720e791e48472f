import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { startDailySchedule } from '../../src/schedule/scheduler.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { useRedis } from '../support/redis.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

const NINE_AM_SEOUL = (day: number) => new Date(Date.UTC(2026, 10, day, 0, 0, 0));
const noSleep = async () => undefined;

async function subscribe(t: TestStudy, platform: 'discord' | 'slack', community: string, channels: string[]) {
  for (const channel of channels) await t.study.subscriptions.subscribe({ platform, community, channel }, t.clock.now());
}

describe('the daily round job', () => {
  it('GIVEN two rounds in a row THEN the first is revealed in place with the tally AND the next question is posted', async () => {
    const t = await testStudy();
    const discord = new RecordingPlatform('discord');
    await subscribe(t, 'discord', 'g1', ['c1', 'c2']);
    const first = await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: noSleep });
    expect(first).toMatchObject({ roundId: '2026-11-28', posted: 2, revealed: 0 });
    const question = discord.postsIn('c1')[0]!;
    expect(question.buttons?.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D', '🚩']);
    const { round } = (await t.study.rounds.open({ platform: 'discord', community: 'g1' }, '2026-11-28'))!;
    const answer = t.study.rounds.question(round.questionId)!.answer;
    await t.dispatcher.action({ kind: 'action', platform: 'discord', community: 'g1', channel: 'c1', action: 'quiz.round', payload: `2026-11-28:${answer}`, user: { id: 'u1', displayName: 'Min', locale: 'ko', canManage: false } });
    await t.dispatcher.action({ kind: 'action', platform: 'discord', community: 'g1', channel: 'c2', action: 'quiz.round', payload: `2026-11-28:${answer === 'A' ? 'B' : 'A'}`, user: { id: 'u2', displayName: 'Ji', locale: 'ko', canManage: false } });

    t.clock.set(NINE_AM_SEOUL(29));
    const second = await runRound(NINE_AM_SEOUL(29), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: noSleep });
    expect(second).toMatchObject({ roundId: '2026-11-29', posted: 2, revealed: 2 });
    const revealed = [...discord.messages.values()].find((m) => m.edits.length > 0)!.edits[0]!;
    expect(revealed.footer).toBe('2명이 답했고 1명이 맞혔어요.');
    expect(revealed.sections.join('\n')).toContain(`정답: **${answer}**`);
    // The tally per choice: one right (✅) and one wrong, in the community's default locale (ko).
    const q = t.study.rounds.question(round.questionId)!;
    const wrong = answer === 'A' ? 'B' : 'A';
    const choiceLines = q.ko.choices.map((choice, i) => {
      const letter = 'ABCD'[i]!;
      return `**${letter}.** ${choice} — ${letter === answer || letter === wrong ? 1 : 0}${letter === answer ? ' ✅' : ''}`;
    });
    expect(revealed.sections).toContain(choiceLines.join('\n'));
    expect(revealed.sections).toContain(`**해설**: ${q.ko.explanation}`);
    expect(revealed.sections.join('\n')).not.toContain(q.en.explanation);
    expect(revealed.buttons?.filter((b) => b.label.length === 1).every((b) => b.disabled)).toBe(true);
    expect(revealed.buttons?.some((b) => b.action === 'define.show')).toBe(true);
    expect(discord.postsIn('c1')).toHaveLength(2);
  });

  it('GIVEN the same firing runs again (restart, retry) THEN no channel gets the question twice', async () => {
    const file = path.join(tmpdir(), `studybot-rounds-${process.pid}.sqlite`);
    await rm(file, { force: true });
    const discord = new RecordingPlatform('discord');
    const first = await testStudy({ storeUrl: `sqlite://${file}` });
    await subscribe(first, 'discord', 'g1', ['c1', 'c2', 'c3']);
    await runRound(NINE_AM_SEOUL(28), { study: first.study, adapters: { discord }, logger: silentLogger });
    await first.store.close();
    const restarted = await testStudy({ storeUrl: `sqlite://${file}` });
    const again = await runRound(NINE_AM_SEOUL(28), { study: restarted.study, adapters: { discord }, logger: silentLogger });
    expect(again).toMatchObject({ posted: 0, skipped: 3 });
    expect(discord.messages.size).toBe(3);
    await restarted.store.close();
    await rm(file, { force: true });
  });

  it('GIVEN a crash between posting and recording THEN a rerun does not post that channel again', async () => {
    const t = await testStudy();
    const discord = new RecordingPlatform('discord');
    discord.failAfterSendNext = 1;
    await subscribe(t, 'discord', 'g1', ['c1']);
    await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { discord }, logger: silentLogger, attempts: 1 });
    await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { discord }, logger: silentLogger, attempts: 1 });
    expect(discord.postsIn('c1')).toHaveLength(1);
  });

  it('GIVEN a channel that is gone THEN it is unsubscribed after repeated failures AND the others are posted every round', async () => {
    const t = await testStudy();
    const discord = new RecordingPlatform('discord');
    discord.goneChannels.add('dead');
    await subscribe(t, 'discord', 'g1', ['ok1', 'dead', 'ok2']);
    for (const day of [28, 29, 30]) {
      const report = await runRound(NINE_AM_SEOUL(day), { study: t.study, adapters: { discord }, logger: silentLogger, sleep: noSleep });
      expect(report.posted).toBe(2);
    }
    expect((await t.study.subscriptions.channels({ platform: 'discord', community: 'g1' })).map((s) => s.channel)).toEqual(['ok1', 'ok2']);
  });

  it('GIVEN a burst of 429s THEN posts wait the given delay and all land', async () => {
    const t = await testStudy();
    const slack = new RecordingPlatform('slack');
    slack.rateLimitNext = 10;
    const waits: number[] = [];
    await subscribe(t, 'slack', 'T1', Array.from({ length: 20 }, (_, i) => `C${i}`));
    const report = await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { slack }, logger: silentLogger, attempts: 5, sleep: async (ms) => void waits.push(ms) });
    expect(report.posted).toBe(20);
    expect(waits).toHaveLength(10);
    expect(waits.every((ms) => ms === 50)).toBe(true);
  });

  it('GIVEN reveals throttled for minutes (Slack chat.update) THEN the new questions are posted all the same AND the reveals wait their turn', async () => {
    const t = await testStudy();
    const slack = new RecordingPlatform('slack');
    await subscribe(t, 'slack', 'T1', ['C1', 'C2', 'C3']);
    await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { slack }, logger: silentLogger });
    slack.rateLimitEditsNext = 30;
    const waits: number[] = [];
    const messagesSeenWhileWaiting: number[] = [];
    // A throttled reveal waits here; the new posts (3 more messages) must land meanwhile.
    const sleep = async (ms: number) => {
      waits.push(ms);
      for (let tick = 0; tick < 200 && slack.messages.size < 6; tick += 1) await new Promise((resolve) => setImmediate(resolve));
      messagesSeenWhileWaiting.push(slack.messages.size);
    };
    const report = await runRound(NINE_AM_SEOUL(29), { study: t.study, adapters: { slack }, logger: silentLogger, concurrency: 1, sleep });
    expect(report).toMatchObject({ posted: 3, revealed: 3, failed: 0 });
    expect(waits).toHaveLength(30);
    expect(waits.every((ms) => ms === 60_000)).toBe(true);
    // 30 waits of a minute each would have used up any count of attempts; patience is time.
    expect(messagesSeenWhileWaiting[0]).toBe(6);
  });

  it('GIVEN a reveal throttled past the patience THEN that reveal is given up AND every new question is still posted', async () => {
    const t = await testStudy();
    const slack = new RecordingPlatform('slack');
    await subscribe(t, 'slack', 'T1', ['C1', 'C2']);
    await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { slack }, logger: silentLogger });
    slack.rateLimitEditsNext = 1_000;
    const report = await runRound(NINE_AM_SEOUL(29), { study: t.study, adapters: { slack }, logger: silentLogger, rateLimitPatienceMs: 5 * 60_000, sleep: noSleep });
    expect(report).toMatchObject({ posted: 2, revealed: 0, failed: 0 });
    expect(slack.rateLimitEditsNext).toBe(1_000 - 2 * 6);
  });

  it('GIVEN two communities THEN each gets its own round record with the same round id', async () => {
    const t = await testStudy();
    const discord = new RecordingPlatform('discord');
    const slack = new RecordingPlatform('slack');
    await subscribe(t, 'discord', 'g1', ['c1']);
    await subscribe(t, 'slack', 'T1', ['C1']);
    await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { discord, slack }, logger: silentLogger });
    expect((await t.study.rounds.round({ platform: 'discord', community: 'g1' }, '2026-11-28'))?.posts).toHaveLength(1);
    expect((await t.study.rounds.round({ platform: 'slack', community: 'T1' }, '2026-11-28'))?.posts).toHaveLength(1);
  });
});

describe('catch-up', () => {
  it('GIVEN the bot starts after a firing it missed THEN that round is posted late, once', async () => {
    const t = await testStudy({ start: '2026-11-28T03:00:00Z' });
    const discord = new RecordingPlatform('discord');
    await subscribe(t, 'discord', 'g1', ['c1']);
    const start = () =>
      startDailySchedule({
        schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'),
        clock: t.clock,
        store: t.store,
        logger: silentLogger,
        distributed: false,
        job: (firing) => runRound(firing, { study: t.study, adapters: { discord }, logger: silentLogger }),
      });
    const first = start();
    await first.idle();
    await first.stop();
    expect(discord.postsIn('c1')).toHaveLength(1);
    expect(discord.postsIn('c1')[0]!.title).toBe('오늘의 퀴즈 · 11월 28일');
    const second = start();
    await second.idle();
    await second.stop();
    expect(discord.postsIn('c1')).toHaveLength(1);
  });
});

describe('two processes on one Redis', () => {
  const redis = useRedis();
  const { skip } = redis;

  it.skipIf(skip)('GIVEN two bot processes sharing Redis THEN every (channel, round) is posted exactly once over several rounds', async () => {
    const a = await testStudy({ store: await createStore(redis.url()) });
    const b = await testStudy({ store: await createStore(redis.url()) });
    const platform = new RecordingPlatform('discord');
    await subscribe(a, 'discord', 'g1', ['c1', 'c2', 'c3', 'c4']);
    await subscribe(a, 'discord', 'g2', ['c5']);
    for (const day of [25, 26, 27, 28]) {
      const reports = await Promise.all([a, b].map((t) => runRound(NINE_AM_SEOUL(day), { study: t.study, adapters: { discord: platform }, logger: silentLogger })));
      expect(reports[0]!.posted + reports[1]!.posted).toBe(5);
    }
    for (const channel of ['c1', 'c2', 'c3', 'c4', 'c5']) expect(platform.postsIn(channel)).toHaveLength(4);
    const rounds = await a.study.rounds.communityRounds({ platform: 'discord', community: 'g1' });
    expect(rounds.seq).toBe(4);
    await a.store.close();
    await b.store.close();
  });
});
