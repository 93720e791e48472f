import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { type AnswerLog, guardedLog, MemoryAnswerLog, RedisAnswerLog, SqliteAnswerLog } from './answer-log.ts';
import { type Claims, guardedClaims, MemoryClaims, RedisClaims, SqliteClaims } from './claims.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { connectRedis } from './redis-connect.ts';
import { guardedSets, MemorySets, RedisSets, type SetIndex, SqliteSets } from './set-index.ts';
import type { Store } from './store.ts';
import { StoreError } from './store-error.ts';
import { type StoreGuardOptions, StoreGuard, type StoreHealth } from './store-guard.ts';

/** Bumped when a record's shape changes; stored with every record. */
export const SCHEMA_VERSION = 1;

interface Envelope<T> {
  v: number;
  d: T;
}

interface PendingChange {
  change: (current: unknown) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Backend = 'sqlite' | 'redis' | 'memory';

/** A held lock (`lock()`) frees itself this long after its holder died; its work takes milliseconds. */
const HELD_LOCK_TTL_MS = 4000;

const UNLOCK_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface StoreOptions extends StoreGuardOptions {
  /** How long `update` waits for a lock held by another process before giving up. */
  lockWaitMs?: number;
  /** How long start-up waits for Redis to accept the connection. */
  connectWaitMs?: number;
}

/** Parses `sqlite://path`, `redis://host:port[/db]` or `memory://`. */
export function parseStoreUrl(url: string): { kind: Backend; target: string } {
  if (url === 'memory://' || url === 'memory:') return { kind: 'memory', target: '' };
  if (url.startsWith('sqlite://')) {
    const file = url.slice('sqlite://'.length);
    if (!file) throw new Error(`STORE_URL '${url}' names no file; expected sqlite://<path>`);
    return { kind: 'sqlite', target: file };
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return { kind: 'redis', target: url };
  throw new Error(`STORE_URL '${url}' is not supported; expected sqlite://<path>, redis://host:port[/db] or memory://`);
}

/**
 * Records are plain JSON (no Buffers, BigInts or Dates), so plain JSON it is: Keyv's default
 * serializer walks every value for those types and was a tenth of the CPU of a burst of answers.
 */
const JSON_CODEC = {
  serialize: (data: unknown) => JSON.stringify(data),
  deserialize: <T>(text: string) => JSON.parse(text) as T,
};

export async function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const { kind, target } = parseStoreUrl(url);
  if (kind === 'memory') return new KeyvStore('memory', new Keyv({ throwOnErrors: true, ...JSON_CODEC }), { answers: new MemoryAnswerLog(), sets: new MemorySets(), claims: new MemoryClaims() }, options);
  if (kind === 'sqlite') {
    if (target !== ':memory:') await mkdir(path.dirname(path.resolve(target)), { recursive: true });
    const adapter = new KeyvSqlite({ uri: `sqlite://${target}`, busyTimeout: 5000 });
    // One process owns the file; WAL with NORMAL sync keeps writes durable across a crash of the process.
    await adapter.query('PRAGMA journal_mode=WAL');
    await adapter.query('PRAGMA synchronous=NORMAL');
    const query = (sql: string, ...params: unknown[]) => adapter.query(sql, ...params);
    const [answers, sets, claims] = [await SqliteAnswerLog.open(query), await SqliteSets.open(query), await SqliteClaims.open(query)];
    const keyv = new Keyv({ store: adapter, throwOnErrors: true, ...JSON_CODEC });
    return new KeyvStore('sqlite', keyv, { answers, sets, claims }, options);
  }
  const client = await connectRedis(target, options.connectWaitMs ?? 10_000);
  const adapter = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true, connectionTimeout: 2000 });
  const keyv = new Keyv({ store: adapter, throwOnErrors: true, useKeyPrefix: false, namespace: 'studybot', ...JSON_CODEC });
  const answers = new RedisAnswerLog(() => adapter.getClient());
  const sets = new RedisSets(() => adapter.getClient());
  const claims = new RedisClaims(() => adapter.getClient());
  return new KeyvStore('redis', keyv, { answers, sets, claims, redis: adapter }, options);
}

class KeyvStore implements Store {
  private readonly mutex = new KeyedMutex();
  private readonly pending = new Map<string, PendingChange[]>();
  private readonly lockWaitMs: number;
  private readonly redis: KeyvRedis<unknown> | undefined;
  private readonly guardian: StoreGuard;
  readonly answers: AnswerLog;
  readonly sets: SetIndex;
  readonly claims: Claims;

  constructor(
    readonly kind: Backend,
    private readonly keyv: Keyv,
    parts: { answers: AnswerLog; sets: SetIndex; claims: Claims; redis?: KeyvRedis<unknown> },
    options: StoreOptions,
  ) {
    this.lockWaitMs = options.lockWaitMs ?? 5000;
    this.redis = parts.redis;
    this.guardian = new StoreGuard(kind, () => this.keyv.get('health:ping'), options);
    this.answers = guardedLog(parts.answers, (work) => this.guard(work));
    this.sets = guardedSets(parts.sets, (work) => this.guard(work));
    this.claims = guardedClaims(parts.claims, (work) => this.guard(work));
    // Keyv also emits errors; they are thrown to the caller, so the event only needs a listener.
    keyv.on('error', () => undefined);
  }

  get health(): StoreHealth {
    return this.guardian.current;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const envelope = await this.guard(() => this.keyv.get<Envelope<T>>(`${namespace}:${key}`));
    return unwrap(envelope);
  }

  async getMany<T>(namespace: string, keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return [];
    const values = await this.guard(() => this.keyv.get<Envelope<T>>(keys.map((key) => `${namespace}:${key}`)));
    return (values as Array<Envelope<T> | undefined>).map(unwrap);
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    const envelope: Envelope<T> = { v: SCHEMA_VERSION, d: value };
    await this.guard(() => this.keyv.set(`${namespace}:${key}`, envelope, ttlMs));
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.guard(() => this.keyv.delete(`${namespace}:${key}`));
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const full = `${namespace}:${key}`;
    return this.mutex.run(full, async () => {
      if (this.redis) {
        const claimed = await this.guard(async () =>
          (await this.redis!.getClient()).set(`studybot:claim:${full}`, '1', ttlMs ? { condition: 'NX', expiration: { type: 'PX', value: ttlMs } } : { condition: 'NX' }),
        );
        if (claimed !== 'OK') return false;
      } else if ((await this.get(namespace, key)) !== undefined) {
        return false;
      }
      await this.set(namespace, key, value, ttlMs);
      return true;
    });
  }

  /**
   * Changes to one key that arrive while a write to it is under way are applied
   * together in one read and one write (group commit): a hot record such as a
   * round's tally costs two store operations per batch, not per answer.
   */
  async update<T>(namespace: string, key: string, change: (current: T | undefined) => T): Promise<T> {
    const full = `${namespace}:${key}`;
    return new Promise<T>((resolve, reject) => {
      let batch = this.pending.get(full);
      if (!batch) {
        batch = [];
        this.pending.set(full, batch);
        void this.mutex.run(full, () => this.flush(namespace, key, full));
      }
      batch.push({ change: change as (current: unknown) => unknown, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private async flush(namespace: string, key: string, full: string): Promise<void> {
    const batch = this.pending.get(full) ?? [];
    this.pending.delete(full);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      const { current: read, release } = this.redis ? await this.lockAndRead(namespace, key, full) : { current: await this.get<unknown>(namespace, key), release: undefined };
      try {
        let current = read;
        for (const item of batch) {
          try {
            current = item.change(current);
            outcomes.push({ ok: true, value: current });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
        await this.set(namespace, key, current);
      } finally {
        // The unlock follows the write on the same connection, so it cannot overtake it, and
        // the next writer's SET NX follows the unlock; nobody needs to wait for its reply. If it
        // is lost (Redis gone), the lock expires on its own.
        release?.().catch(() => undefined);
      }
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  async ping(): Promise<void> {
    await this.get('health', 'ping');
  }

  /**
   * Runs `work` while holding `name` against every other holder: within this process by a
   * queue, across replicas on Redis by a lock key with a token (expiring, so a crashed holder
   * frees it).
   */
  async lock<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.mutex.run(`lock:${name}`, async () => {
      if (!this.redis) return work();
      const release = await this.acquire(`studybot:lock:${name}`);
      try {
        return await work();
      } finally {
        release().catch(() => undefined);
      }
    });
  }

  private async acquire(lockKey: string): Promise<() => Promise<void>> {
    const client = await this.guard(() => this.redis!.getClient());
    const token = randomUUID();
    // Long enough for the lock of a holder that crashed to expire.
    const deadline = Date.now() + Math.max(this.lockWaitMs, HELD_LOCK_TTL_MS + 1000);
    for (let attempt = 0; ; attempt += 1) {
      const locked = await this.guard(() => client.set(lockKey, token, { condition: 'NX', expiration: { type: 'PX', value: HELD_LOCK_TTL_MS } }));
      if (locked === 'OK') {
        return async () => {
          await this.guard(() => client.eval(UNLOCK_SCRIPT, { keys: [lockKey], arguments: [token] }));
        };
      }
      if (Date.now() > deadline) throw new StoreError('store_busy', { message: `lock ${lockKey} held too long` });
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 25)));
    }
  }

  async close(): Promise<void> {
    this.guardian.close();
    try {
      await this.keyv.disconnect();
    } catch {
      // Closing a store that is already gone is not an error worth reporting at shutdown.
    }
  }

  /**
   * A Redis lock (SET NX PX with a token), so replicas sharing the store never interleave an
   * update. The read is sent right behind the SET NX on the same connection: when the lock is
   * won, that read already sees everything the previous holder wrote, and the update costs one
   * round trip fewer. A read made while losing the lock is thrown away.
   */
  private async lockAndRead(namespace: string, key: string, full: string): Promise<{ current: unknown; release: () => Promise<void> }> {
    const client = await this.guard(() => this.redis!.getClient());
    const lockKey = `studybot:lock:${full}`;
    const token = randomUUID();
    const release = async () => {
      await this.guard(() =>
        client.eval(UNLOCK_SCRIPT, {
          keys: [lockKey],
          arguments: [token],
        }),
      );
    };
    const deadline = Date.now() + this.lockWaitMs;
    for (let attempt = 0; ; attempt += 1) {
      const [locked, read] = await Promise.allSettled([
        this.guard(() => client.set(lockKey, token, { condition: 'NX', expiration: { type: 'PX', value: 10_000 } })),
        this.get<unknown>(namespace, key),
      ]);
      if (locked.status === 'rejected') throw locked.reason;
      if (locked.value === 'OK') {
        if (read.status === 'fulfilled') return { current: read.value, release };
        await release().catch(() => undefined);
        throw read.reason;
      }
      if (Date.now() > deadline) throw new StoreError('store_busy', { message: `lock ${lockKey} held too long` });
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 25)));
    }
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return this.guardian.run(work);
  }
}

function unwrap<T>(envelope: Envelope<T> | undefined | null): T | undefined {
  if (envelope === undefined || envelope === null) return undefined;
  if (typeof envelope !== 'object' || !('v' in envelope)) {
    throw new StoreError('store_corrupt', { message: 'record without a schema version' });
  }
  return envelope.d;
}
