import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { testStudy } from '../support/study.ts';

const NINE_AM_SEOUL = (day: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T00:00:00Z`);

describe('a round cut short by shutdown', () => {
  it('GIVEN shutdown begins while posts wait on a 429 THEN the waits end at once, no new post starts, AND no channel is counted as failing', async () => {
    const t = await testStudy();
    const slack = new RecordingPlatform('slack');
    for (let i = 0; i < 10; i += 1) await t.study.subscriptions.subscribe({ platform: 'slack', community: 'T1', channel: `C${i}` }, t.clock.now());
    slack.rateLimitNext = 1_000;
    const stop = new AbortController();
    const waitsStarted: number[] = [];
    const sleep = (ms: number) =>
      // A wait that only ends when shutdown begins, as a minute-long Retry-After would.
      new Promise<void>((_resolve, reject) => {
        waitsStarted.push(ms);
        if (waitsStarted.length === 2) stop.abort();
        stop.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        if (stop.signal.aborted) reject(new Error('aborted'));
      });
    const report = await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { slack }, logger: silentLogger, concurrency: 2, sleep, signal: stop.signal });
    expect(report.posted).toBe(0);
    expect(report.failed).toBe(0);
    expect(report.interrupted).toBe(10);
    expect(slack.calls).toBe(2);
    expect((await t.study.subscriptions.channels({ platform: 'slack', community: 'T1' })).every((sub) => sub.failures === 0 || sub.failures === undefined)).toBe(true);
  });

  it('GIVEN the signal already aborted THEN the round posts nothing and reveals nothing', async () => {
    const t = await testStudy();
    const discord = new RecordingPlatform('discord');
    await t.study.subscriptions.subscribe({ platform: 'discord', community: 'g1', channel: 'c1' }, t.clock.now());
    await runRound(NINE_AM_SEOUL(28), { study: t.study, adapters: { discord }, logger: silentLogger });
    const before = discord.calls;
    const report = await runRound(NINE_AM_SEOUL(29), { study: t.study, adapters: { discord }, logger: silentLogger, signal: AbortSignal.abort() });
    expect(discord.calls).toBe(before);
    expect(report).toMatchObject({ posted: 0, revealed: 0, interrupted: 2 });
  });
});
