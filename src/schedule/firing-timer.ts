import type { Clock } from '../core/clock.ts';

/** setTimeout's longest delay; a firing further off is reached in several waits. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Fires at each instant `next` gives, and only then: the schedule's own rules (a study time
 * that daylight saving skips fires at the jump, one it repeats fires once) decide the instant,
 * not a cron library's idea of local time. The next firing is armed before this one runs, so
 * a slow round never delays the one after it.
 */
export function startFiringTimer(options: { next: (after: Date) => Date | undefined; clock: Clock; onFire: (firing: Date) => void }): { stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (after: Date) => {
    if (stopped) return;
    const firing = options.next(after);
    if (!firing) return;
    const wait = () => {
      if (stopped) return;
      const left = firing.getTime() - options.clock.now().getTime();
      if (left > 0) {
        timer = setTimeout(wait, Math.min(left, MAX_DELAY_MS));
        return;
      }
      arm(firing);
      options.onFire(firing);
    };
    wait();
  };
  arm(options.clock.now());
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
