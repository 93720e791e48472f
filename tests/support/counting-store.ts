/**
 * A Store that counts every call made on it, then hands the call to the real store: the
 * figure is what the code under test asks of the store, whatever the backend does inside.
 */
import type { AnswerLog } from '../../src/store/answer-log.ts';
import type { Claims } from '../../src/store/claims.ts';
import type { SetIndex } from '../../src/store/set-index.ts';
import type { Store } from '../../src/store/store.ts';

export interface CountingStore extends Store {
  /** Calls by name (`get`, `sets.members`, …) since the last reset. */
  readonly counts: Map<string, number>;
  total(): number;
  reset(): void;
}

export function countingStore(inner: Store): CountingStore {
  const counts = new Map<string, number>();
  const count = <T>(name: string, call: () => T): T => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return call();
  };
  const answers: AnswerLog = {
    record: (round, fact) => count('answers.record', () => inner.answers.record(round, fact)),
    after: (round, idx, limit) => count('answers.after', () => inner.answers.after(round, idx, limit)),
    close: (round) => count('answers.close', () => inner.answers.close(round)),
    lastPositions: (rounds) => count('answers.lastPositions', () => inner.answers.lastPositions(rounds)),
  };
  const sets: SetIndex = {
    add: (name, member) => count('sets.add', () => inner.sets.add(name, member)),
    remove: (name, member) => count('sets.remove', () => inner.sets.remove(name, member)),
    members: (name) => count('sets.members', () => inner.sets.members(name)),
  };
  const claims: Claims = {
    claim: (namespace, key, ttlMs) => count('claims.claim', () => inner.claims.claim(namespace, key, ttlMs)),
  };
  return {
    kind: inner.kind,
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    get: (namespace, key) => count('get', () => inner.get(namespace, key)),
    getMany: (namespace, keys) => count('getMany', () => inner.getMany(namespace, keys)),
    set: (namespace, key, value, ttlMs) => count('set', () => inner.set(namespace, key, value, ttlMs)),
    delete: (namespace, key) => count('delete', () => inner.delete(namespace, key)),
    setIfAbsent: (namespace, key, value, ttlMs) => count('setIfAbsent', () => inner.setIfAbsent(namespace, key, value, ttlMs)),
    update: (namespace, key, change) => count('update', () => inner.update(namespace, key, change)),
    lock: (name, work) => count('lock', () => inner.lock(name, work)),
    answers,
    sets,
    claims,
    get health() {
      return inner.health;
    },
    ping: () => count('ping', () => inner.ping()),
    close: () => inner.close(),
  };
}
