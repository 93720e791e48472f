import { StoreError } from './store-error.ts';

/** What readiness and the logs are told about the backend. */
export interface StoreHealth {
  up: boolean;
  /** Why the store is down, for `/readyz` and the one log line of an outage. */
  reason?: string;
  since: Date;
}

export interface StoreGuardOptions {
  /** The deadline of every store operation. */
  timeoutMs?: number;
  /** How often a store that is down is probed for its return. */
  probeEveryMs?: number;
  /** Told once when an outage starts and once when it ends, never per request. */
  onHealthChange?: (health: StoreHealth, failedWhileDown: number) => void;
}

interface Pending {
  until: number;
  reject: (error: unknown) => void;
}

/**
 * Every store operation runs through here: it gets a deadline, and once the backend has
 * failed or timed out the store counts as down. While down, operations fail at once (the user
 * gets the short apology within the platform's answer window instead of waiting out a
 * deadline per call) and a background probe watches for the backend's return.
 */
export class StoreGuard {
  private health: StoreHealth = { up: true, since: new Date() };
  private failedWhileDown = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<Pending>();
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;
  readonly timeoutMs: number;
  private readonly probeEveryMs: number;

  constructor(
    private readonly label: string,
    private readonly probe: () => Promise<unknown>,
    private readonly options: StoreGuardOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.probeEveryMs = options.probeEveryMs ?? 500;
  }

  get current(): StoreHealth {
    return this.health;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.health.up) {
      this.failedWhileDown += 1;
      throw new StoreError('store_unavailable', { message: `store (${this.label}) is unavailable: ${this.health.reason ?? 'unknown'}` });
    }
    try {
      return await this.withDeadline(work);
    } catch (error) {
      if (error instanceof StoreError && error.code !== 'store_timeout' && error.code !== 'store_unavailable') throw error;
      const wrapped =
        error instanceof StoreError
          ? error
          : new StoreError('store_unavailable', { cause: error, message: `store (${this.label}) failed: ${describe(error)}` });
      this.markDown(wrapped.message);
      throw wrapped;
    }
  }

  /** Stops the probe; operations after this fail as they would on a closed client. */
  close(): void {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * One sweeper for every operation's deadline, not a timer each: a timer per operation (set,
   * then cleared) and the race against it were a visible part of a request's CPU. The sweeper
   * runs only while operations are under way, so a deadline fires at most a tenth late.
   */
  private withDeadline<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { until: Date.now() + this.timeoutMs, reject };
      this.pending.add(pending);
      if (!this.sweeper) this.startSweeper();
      work().then(
        (value) => {
          this.pending.delete(pending);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(pending);
          reject(error);
        },
      );
    });
  }

  private startSweeper(): void {
    const every = Math.max(5, Math.min(200, Math.floor(this.timeoutMs / 10)));
    this.sweeper = setInterval(() => {
      if (this.pending.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
        return;
      }
      const now = Date.now();
      for (const pending of this.pending) {
        if (pending.until > now) continue;
        this.pending.delete(pending);
        pending.reject(new StoreError('store_timeout', { message: `store (${this.label}) did not answer within ${this.timeoutMs} ms` }));
      }
    }, every);
    this.sweeper.unref();
  }

  private markDown(reason: string): void {
    if (!this.health.up || this.closed) return;
    this.health = { up: false, reason, since: new Date() };
    this.failedWhileDown = 1;
    this.options.onHealthChange?.(this.health, this.failedWhileDown);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    this.probeTimer = setTimeout(async () => {
      try {
        await this.withDeadline(this.probe);
      } catch (error) {
        this.health = { ...this.health, reason: error instanceof StoreError ? error.message : `store (${this.label}) failed: ${describe(error)}` };
        this.scheduleProbe();
        return;
      }
      if (this.closed) return;
      const failed = this.failedWhileDown;
      this.health = { up: true, since: new Date() };
      this.options.onHealthChange?.(this.health, failed);
    }, this.probeEveryMs);
    this.probeTimer.unref();
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
