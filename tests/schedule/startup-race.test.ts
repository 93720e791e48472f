/**
 * Fresh starts on a Redis that answers slowly at first, each with a missed round to catch up
 * on: the store must be connected before anything uses it, and a catch-up that fails anyway is
 * tried again rather than dropped.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createStudy } from '../../src/core/create-study.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { startDailySchedule } from '../../src/schedule/scheduler.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { StoreError } from '../../src/store/store-error.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { freePort, useRedis } from '../support/redis.ts';
import { loadContent } from '../../src/content/loader.ts';
import { FIXTURE_CONTENT } from '../support/study.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback TCP proxy to Redis that holds each new connection's traffic back for `delayMs`. */
async function slowStartProxy(target: number, delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(upstream);
    client.pause();
    const timer = setTimeout(() => {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    }, delayMs);
    const end = () => {
      clearTimeout(timer);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const SCHEDULE = cronSchedule('0 9 * * *', 'Asia/Seoul');

describe('starting on Redis', () => {
  const redis = useRedis();

  it.skipIf(redis.skip)('GIVEN a Redis that answers only after 300 ms WHEN the bot starts ten times with a missed round and a command arriving during the catch-up THEN every start posts that round AND answers the command', async () => {
    const content = await loadContent(FIXTURE_CONTENT);
    const port = Number(new URL(redis.url()).port);
    const proxy = await slowStartProxy(port, 300);
    cleanups.push(() => proxy.close());
    for (let start = 0; start < 10; start += 1) {
      const channel = `C-start-${process.pid}-${Date.now()}-${start}`;
      // Each start is a new community on the same Redis, so each has its own round to catch up on.
      const setup = await createStore(redis.url());
      const subs = createStudy({ content, store: setup, clock: new ManualClock('2026-12-01T01:00:00Z'), schedule: SCHEDULE, defaultLocale: 'ko' });
      await subs.subscriptions.subscribe({ platform: 'discord', community: `g-${channel}`, channel }, new Date('2026-11-30T00:00:00Z'));
      await setup.close();

      const store = await createStore(proxy.url);
      const clock = new ManualClock('2026-12-01T01:00:00Z');
      const study = createStudy({ content, store, clock, schedule: SCHEDULE, defaultLocale: 'ko' });
      const platform = new RecordingPlatform('discord');
      const daily = startDailySchedule({
        schedule: SCHEDULE,
        clock,
        store,
        logger: silentLogger,
        distributed: true,
        retryDelaysMs: [50, 100, 200],
        job: (firing, signal) => runRound(firing, { study, adapters: { discord: platform }, logger: silentLogger, signal }),
      });
      // A member's command arriving while the catch-up is under way, as on a busy server.
      const [, streak] = await Promise.all([daily.idle(), study.rounds.communityRounds({ platform: 'discord', community: `g-${channel}` }).then(() => 'answered', (error: Error) => error.message)]);
      await daily.stop();
      await store.close();
      expect(platform.postsIn(channel), `start ${start}`).toHaveLength(1);
      expect(streak, `start ${start}`).toBe('answered');
    }
  }, 60_000);

  it.skipIf(redis.skip)('GIVEN a Redis that is not there THEN createStore fails within its wait, naming the host and port and the cause', async () => {
    const port = await freePort();
    const started = performance.now();
    const error = await createStore(`redis://127.0.0.1:${port}`, { connectWaitMs: 1500 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it('GIVEN a round that fails on its first tries THEN the schedule tries it again AND the round is not dropped', async () => {
    const store = await createStore('memory://');
    let calls = 0;
    const done: Date[] = [];
    const daily = startDailySchedule({
      schedule: SCHEDULE,
      clock: new ManualClock('2026-12-01T01:00:00Z'),
      store,
      logger: silentLogger,
      distributed: false,
      retryDelaysMs: [10, 10, 10],
      job: async (firing) => {
        calls += 1;
        if (calls < 3) throw new StoreError('store_unavailable', { message: 'The client is offline' });
        done.push(firing);
      },
    });
    await daily.idle();
    await daily.stop();
    expect(calls).toBe(3);
    expect(done.map((date) => date.toISOString())).toEqual(['2026-12-01T00:00:00.000Z']);
  });
});
