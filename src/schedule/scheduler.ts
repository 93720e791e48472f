import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { CoreLogger } from '../core/logger.ts';
import type { ScheduleInfo } from '../core/study.ts';
import type { Store } from '../store/store.ts';
import { previousFiring } from './cron-schedule.ts';

/** node-cron's election across replicas, backed by the shared store (Redis: SET NX PX). */
export function storeRunCoordinator(store: Store): RunCoordinator {
  return {
    shouldRun: (key, ttlMs) => store.setIfAbsent('cron', key, { at: Date.now() }, Math.max(ttlMs, 60_000)),
  };
}

export interface DailySchedule {
  stop(): Promise<void>;
  /** Resolves when the start-up catch-up and any running round have finished. */
  idle(): Promise<void>;
}

/**
 * Fires `job` on the cron schedule in its zone, and once at start for a firing
 * that passed while the bot was down (the job itself never posts a channel twice).
 */
export function startDailySchedule(options: {
  schedule: ScheduleInfo;
  clock: Clock;
  store: Store;
  logger: CoreLogger;
  job: (firing: Date) => Promise<unknown>;
  distributed: boolean;
}): DailySchedule {
  const { schedule, logger } = options;
  let running: Promise<unknown> = Promise.resolve();
  const run = (firing: Date) => {
    running = running
      .then(() => options.job(firing))
      .catch((error: unknown) => logger.error({ err: error, firing: firing.toISOString() }, 'round failed'));
    return running;
  };
  const task: ScheduledTask = cron.schedule(schedule.cron, (context) => run(context.date), {
    timezone: schedule.timezone,
    name: 'daily-quiz',
    noOverlap: true,
    ...(options.distributed ? { distributed: true, runCoordinator: storeRunCoordinator(options.store) } : {}),
  });
  const missed = previousFiring(schedule, options.clock.now());
  if (missed) {
    logger.info({ firing: missed.toISOString() }, 'catching up on the latest firing');
    void run(missed);
  }
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
    idle: () => running.then(() => undefined),
  };
}
