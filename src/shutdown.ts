/**
 * Graceful stop on SIGTERM (Kubernetes, Docker) and SIGINT (Ctrl-C): stop taking
 * work, let work in progress finish, close connections, then exit — all inside
 * the grace period the orchestrator gives before it kills the process.
 */
import type { Logger } from './log/logger.ts';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

export interface ShutdownOptions {
  logger: Logger;
  /** Run in order: the first should stop new work arriving, the last close what the others used. */
  steps: ShutdownStep[];
  /** The whole shutdown; keep it under the orchestrator's grace period (Kubernetes: 30 s). */
  timeoutMs?: number;
  exit?: (code: number) => void;
  /** Which signals start the shutdown; tests pass none and call shutdown() themselves. */
  signals?: readonly NodeJS.Signals[];
}

const TIMED_OUT = Symbol('timed out');

export function installShutdown(options: ShutdownOptions): { shutdown: (signal: string) => Promise<void> } {
  const { logger, steps } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;

  async function run(signal: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    logger.info({ signal, timeoutMs }, 'shutting down');
    let late = false;
    for (const step of steps) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        late = true;
        logger.error({ step: step.name }, 'shutdown step skipped: out of time');
        continue;
      }
      const started = Date.now();
      try {
        const result = await withTimeout(step.run(), remaining);
        if (result === TIMED_OUT) {
          late = true;
          logger.error({ step: step.name, ms: Date.now() - started }, 'shutdown step did not finish in time');
        } else {
          logger.debug({ step: step.name, ms: Date.now() - started }, 'shutdown step done');
        }
      } catch (error) {
        // One broken step must not keep the others (closing the store) from running.
        logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    const code = late ? 1 : 0;
    logger.info({ code }, 'shutdown complete');
    exit(code);
  }

  function shutdown(signal: string): Promise<void> {
    if (running) {
      logger.warn({ signal }, 'shutdown already in progress; signal ignored');
      return running;
    }
    running = run(signal);
    return running;
  }

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => void shutdown(signal));
  }
  return { shutdown };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Work the process has started and should finish before it exits: a handler
 * answering a button press, a round being posted.
 */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  /** The returned promise settles like the given one, after the work has left the count. */
  track<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
    return tracked;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Resolves true once nothing is in flight (including work tracked meanwhile), false if time ran out first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      const result = await withTimeout(Promise.allSettled(this.#pending), remaining);
      if (result === TIMED_OUT) return false;
    }
    return true;
  }
}
