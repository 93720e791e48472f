import type { Clock } from '../core/clock.ts';
import { type Communities, DEFAULT_SCHEDULE, scheduleOf } from '../core/communities.ts';
import type { CoreLogger } from '../core/logger.ts';
import type { Store } from '../store/store.ts';
import { cronSchedule } from './cron-schedule.ts';
import { type DailySchedule, startDailySchedule } from './scheduler.ts';

export interface CommunitySchedules {
  /** Starts timers for schedules that communities took up since the last look (also every minute). */
  refresh(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every catch-up and running round has finished. */
  idle(): Promise<void>;
  /** How many timers run: one per distinct schedule, not per community. */
  readonly timers: number;
}

/**
 * One timer per distinct schedule (the deployment's default, and each cron and zone a
 * community chose), each firing handing its schedule key to the job, which reads the
 * communities on it. Replicas learn of a schedule another replica's community chose when
 * they look again, every minute.
 */
export function startCommunitySchedules(options: {
  communities: Communities;
  clock: Clock;
  store: Store;
  logger: CoreLogger;
  distributed: boolean;
  job: (key: string, firing: Date, signal: AbortSignal) => Promise<unknown>;
  refreshEveryMs?: number;
  retryDelaysMs?: number[];
  stopWaitMs?: number;
}): CommunitySchedules {
  const { communities, logger } = options;
  const running = new Map<string, DailySchedule>();
  let stopped = false;
  const start = (key: string) => {
    if (running.has(key) || stopped) return;
    const { cron, timezone } = scheduleOf(key, communities.defaults);
    const schedule = cronSchedule(cron, timezone);
    running.set(
      key,
      startDailySchedule({
        schedule,
        name: `quiz:${key}`,
        clock: options.clock,
        store: options.store,
        logger: logger.child({ schedule: key }),
        distributed: options.distributed,
        job: (firing, signal) => options.job(key, firing, signal),
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        ...(options.stopWaitMs !== undefined ? { stopWaitMs: options.stopWaitMs } : {}),
      }),
    );
  };
  const refresh = async () => {
    for (const key of await communities.scheduleKeys()) start(key);
  };
  start(DEFAULT_SCHEDULE);
  communities.watchSchedules(start);
  let refreshing: Promise<void> = refresh().catch((error: unknown) => logger.warn({ err: error }, 'could not read the schedules; trying again in a minute'));
  const timer = setInterval(() => {
    refreshing = refresh().catch((error: unknown) => logger.warn({ err: error }, 'could not read the schedules'));
  }, options.refreshEveryMs ?? 60_000);
  timer.unref();
  return {
    refresh,
    get timers() {
      return running.size;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...running.values()].map((schedule) => schedule.stop()));
    },
    async idle() {
      await refreshing;
      await Promise.all([...running.values()].map((schedule) => schedule.idle()));
    },
  };
}
