import type { AnswerLog } from './answer-log.ts';
import type { Claims } from './claims.ts';
import type { SetIndex } from './set-index.ts';
import type { StoreHealth } from './store-guard.ts';

/**
 * A narrow store over Keyv. Records are JSON values under `<namespace>:<key>`;
 * the operations that must be atomic (first-answer-wins, exactly-once posting,
 * read-modify-write of shared records) are methods here so each backend can do
 * them the way it does best.
 */
export interface Store {
  readonly kind: 'sqlite' | 'redis' | 'memory';
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  getMany<T>(namespace: string, keys: string[]): Promise<Array<T | undefined>>;
  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  /** Writes only when nothing is stored under the key; true when this call wrote it. */
  setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean>;
  /** Read-modify-write with no lost updates, across processes where the backend is shared. */
  update<T>(namespace: string, key: string, change: (current: T | undefined) => T): Promise<T>;
  /** Runs `work` while holding `name` against every other holder, on every replica. */
  lock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** The answers to rounds: one record per (round, user), the facts the boards derive from. */
  readonly answers: AnswerLog;
  /** Named sets of short strings, each member one small write (indexes of communities). */
  readonly sets: SetIndex;
  /** Valueless first-sight claims with a window (the Slack replay check): one atomic operation each. */
  readonly claims: Claims;
  /** Up, or down since when and why; changes are reported once per outage. */
  readonly health: StoreHealth;
  /** Answers when the backend is reachable; throws a StoreError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
