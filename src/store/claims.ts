/**
 * Claims: "was I the first to see this within the window?", one atomic store operation each.
 * A claim stores no value, so unlike `setIfAbsent` it needs no lock around a read and a
 * write: the Slack replay check makes one on every request, and it is on the hot path.
 */
export interface Claims {
  /** True when nobody held the key (or their hold expired): this call holds it for `ttlMs`. */
  claim(namespace: string, key: string, ttlMs: number): Promise<boolean>;
}

export function guardedClaims(claims: Claims, run: <T>(work: () => Promise<T>) => Promise<T>): Claims {
  return { claim: (namespace, key, ttlMs) => run(() => claims.claim(namespace, key, ttlMs)) };
}

/** Expired claims are swept after this many new ones, so the table or map stays the window's size. */
const SWEEP_EVERY = 1000;

export class MemoryClaims implements Claims {
  private readonly held = new Map<string, number>();
  private sinceSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async claim(namespace: string, key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const full = `${namespace}:${key}`;
    const until = this.held.get(full);
    if (until !== undefined && until > now) return false;
    this.held.set(full, now + ttlMs);
    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    this.sinceSweep = 0;
    for (const [key, until] of this.held) if (until <= now) this.held.delete(key);
  }
}

type Query = (sql: string, ...params: unknown[]) => Promise<unknown>;

/** SQLite: one row per claim; an expired row is taken over in the same statement. */
export class SqliteClaims implements Claims {
  private sinceSweep = 0;

  private constructor(
    private readonly query: Query,
    private readonly now: () => number,
  ) {}

  static async open(query: Query, now: () => number = Date.now): Promise<SqliteClaims> {
    await query('CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, until INTEGER NOT NULL)');
    return new SqliteClaims(query, now);
  }

  async claim(namespace: string, key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const rows = (await this.query(
      'INSERT INTO claims (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE claims.until <= ? RETURNING key',
      `${namespace}:${key}`,
      now + ttlMs,
      now,
    )) as unknown[];
    if (++this.sinceSweep >= SWEEP_EVERY) {
      this.sinceSweep = 0;
      // Nobody waits for the sweep; a failure only leaves expired rows for the next one.
      this.query('DELETE FROM claims WHERE until <= ?', now).catch(() => undefined);
    }
    return rows.length > 0;
  }
}

interface RedisClaimCommands {
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'PX'; value: number } }): Promise<string | null>;
}

/**
 * Redis: SET NX PX, which expires by itself and is atomic across replicas. The keys are the
 * ones `setIfAbsent` claims with, so replicas of the previous version see the same claims.
 */
export class RedisClaims implements Claims {
  constructor(
    private readonly client: () => Promise<RedisClaimCommands>,
    private readonly prefix = 'studybot:claim',
  ) {}

  async claim(namespace: string, key: string, ttlMs: number): Promise<boolean> {
    const client = await this.client();
    return (await client.set(`${this.prefix}:${namespace}:${key}`, '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
  }
}
