import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { startDailySchedule } from '../../src/schedule/scheduler.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';
import { type RedisServer, redisAvailability, startRedis } from '../support/redis.ts';

const EVERY_SECOND = cronSchedule('* * * * * *', 'Asia/Seoul');

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('the schedule', () => {
  it('GIVEN a round that would run for minutes WHEN the schedule stops THEN the job is told to stop AND stop() returns within its wait', async () => {
    const store = await createStore('memory://');
    const signals: AbortSignal[] = [];
    const daily = startDailySchedule({
      schedule: EVERY_SECOND,
      clock: systemClock,
      store,
      logger: silentLogger,
      distributed: false,
      stopWaitMs: 300,
      // Ends only when told to, a little late, like posts already on the wire.
      job: (_firing, signal) => {
        signals.push(signal);
        return new Promise((resolve) => signal.addEventListener('abort', () => setTimeout(resolve, 50)));
      },
    });
    await until(() => signals.length > 0, 3000);
    const started = performance.now();
    await daily.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(signals[0]?.aborted).toBe(true);
    await daily.idle();
  });

  const { skip } = redisAvailability();
  describe.skipIf(skip)('two replicas on one Redis', () => {
    let redis: RedisServer;
    const stores: Store[] = [];
    beforeAll(async () => {
      redis = await startRedis();
      for (let i = 0; i < 2; i += 1) stores.push(await createStore(redis.url));
    });
    afterAll(async () => {
      for (const store of stores) await store.close();
      await redis?.stop();
    });

    it('GIVEN node-cron distributed with the store as coordinator THEN each firing runs on exactly one replica', async () => {
      const runs: Array<{ replica: number; firing: string }> = [];
      const since = Date.now() + 1000;
      const schedules = stores.map((store, replica) =>
        startDailySchedule({
          schedule: EVERY_SECOND,
          clock: systemClock,
          store,
          logger: silentLogger,
          distributed: true,
          job: async (firing) => {
            // The start-up catch-up is not elected (the round job's claims cover it); only cron firings are.
            if (firing.getTime() >= since) runs.push({ replica, firing: firing.toISOString() });
          },
        }),
      );
      await until(() => new Set(runs.map((run) => run.firing)).size >= 4, 10_000);
      for (const daily of schedules) await daily.stop();
      const firings = runs.map((run) => run.firing);
      expect(new Set(firings).size).toBeGreaterThanOrEqual(4);
      expect(firings).toHaveLength(new Set(firings).size);
    });
  });
});
