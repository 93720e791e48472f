import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { CoreLogger } from '../core/logger.ts';
import type { ScheduleInfo } from '../core/study.ts';
import { NS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { previousFiring } from './cron-schedule.ts';
import { startFiringTimer } from './firing-timer.ts';

/** node-cron's election across replicas, backed by the shared store (Redis: SET NX PX). */
export function storeRunCoordinator(store: Store): RunCoordinator {
  return {
    shouldRun: (key, ttlMs) => store.setIfAbsent(NS.cron, key, { at: Date.now() }, Math.max(ttlMs, 60_000)),
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
  /** `signal` aborts when the schedule stops: the job should start nothing new after it. */
  job: (firing: Date, signal: AbortSignal) => Promise<unknown>;
  distributed: boolean;
  /** The task's name; replicas elect one runner per (name, firing). */
  name?: string;
  /** How long stop() waits for a round under way to wind down (default 2 s). */
  stopWaitMs?: number;
  /** The waits before each retry of a round that failed (default 1, 2, 4, 8 and 16 s). */
  retryDelaysMs?: number[];
}): DailySchedule {
  const { schedule, logger } = options;
  const retryDelays = options.retryDelaysMs ?? [1000, 2000, 4000, 8000, 16_000];
  const stopping = new AbortController();
  // A round that fails (the store not answering yet, say) is tried again, not dropped: the job
  // posts each (channel, round) at most once, so a retry only fills in what is missing.
  const attempt = async (firing: Date) => {
    for (let tries = 0; !stopping.signal.aborted; tries += 1) {
      try {
        return await options.job(firing, stopping.signal);
      } catch (error) {
        const delay = retryDelays[tries];
        if (delay === undefined || stopping.signal.aborted) {
          logger.error({ err: error, firing: firing.toISOString(), attempts: tries + 1 }, 'round failed');
          return undefined;
        }
        logger.warn({ err: error, firing: firing.toISOString(), retryInMs: delay }, 'round failed; trying again');
        await sleep(delay, stopping.signal);
      }
    }
    return undefined;
  };
  let running: Promise<unknown> = Promise.resolve();
  const run = (firing: Date) => {
    running = running.then(() => attempt(firing));
    return running;
  };
  const name = options.name ?? 'daily-quiz';
  // A study time (minute, hour, days of the week) follows our daylight-saving rules, which
  // node-cron does not (it skips a spring-forward day); any other cron is node-cron's.
  const firings = schedule.exact ? startExactTimer(schedule, name, options, run) : startCronTask(schedule, name, options, run);
  const missed = previousFiring(schedule, options.clock.now());
  if (missed) {
    logger.info({ firing: missed.toISOString() }, 'catching up on the latest firing');
    void run(missed);
  }
  return {
    async stop() {
      await firings.stop();
      // A round can take minutes (Slack reveals at 50 a minute); shutdown has seconds. The job
      // stops starting posts, and what is already on the wire gets a moment to land.
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        running.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), options.stopWaitMs ?? 2000);
        }),
      ]);
      clearTimeout(timer);
      if (!waited) logger.warn({}, 'a round was still running at shutdown; its remaining posts are left for the catch-up');
    },
    idle: () => running.then(() => undefined),
  };
}

type Run = (firing: Date) => Promise<unknown>;

function startExactTimer(schedule: ScheduleInfo, name: string, options: { clock: Clock; store: Store; distributed: boolean }, run: Run) {
  const coordinator = storeRunCoordinator(options.store);
  return startFiringTimer({
    next: (after) => schedule.next(after),
    clock: options.clock,
    onFire: (firing) => {
      // Replicas elect one runner per firing, as node-cron's distributed mode does.
      if (!options.distributed) return void run(firing);
      void Promise.resolve(coordinator.shouldRun(`${name}:${firing.toISOString()}`, 60_000)).then(
        (elected) => (elected ? run(firing) : undefined),
        () => run(firing),
      );
    },
  });
}

function startCronTask(schedule: ScheduleInfo, name: string, options: { store: Store; distributed: boolean }, run: Run) {
  const task: ScheduledTask = cron.schedule(schedule.cron, (context) => run(context.date), {
    timezone: schedule.timezone,
    name,
    noOverlap: true,
    ...(options.distributed ? { distributed: true, runCoordinator: storeRunCoordinator(options.store) } : {}),
  });
  return {
    stop: async () => {
      await task.stop();
      await task.destroy();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
