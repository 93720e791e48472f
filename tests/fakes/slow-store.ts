import type { Store } from '../../src/store/store.ts';

/**
 * A real store behind a delay, as a store under load looks to the code above it:
 * every operation reaches the real store, only later.
 */
export class SlowStore implements Store {
  delayMs = 0;

  constructor(private readonly inner: Store) {}

  get kind(): Store['kind'] {
    return this.inner.kind;
  }

  private async later<T>(operation: () => Promise<T>): Promise<T> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return operation();
  }

  get<T>(namespace: string, key: string): Promise<T | undefined> {
    return this.later(() => this.inner.get<T>(namespace, key));
  }

  getMany<T>(namespace: string, keys: string[]): Promise<Array<T | undefined>> {
    return this.later(() => this.inner.getMany<T>(namespace, keys));
  }

  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    return this.later(() => this.inner.set(namespace, key, value, ttlMs));
  }

  delete(namespace: string, key: string): Promise<void> {
    return this.later(() => this.inner.delete(namespace, key));
  }

  setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    return this.later(() => this.inner.setIfAbsent(namespace, key, value, ttlMs));
  }

  update<T>(namespace: string, key: string, change: (current: T | undefined) => T): Promise<T> {
    return this.later(() => this.inner.update(namespace, key, change));
  }

  lock<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.later(() => this.inner.lock(name, work));
  }

  get answers(): Store['answers'] {
    const inner = this.inner.answers;
    return {
      record: (round, fact) => this.later(() => inner.record(round, fact)),
      after: (round, idx, limit) => this.later(() => inner.after(round, idx, limit)),
      close: (round) => this.later(() => inner.close(round)),
      lastPositions: (rounds) => this.later(() => inner.lastPositions(rounds)),
    };
  }

  get sets(): Store['sets'] {
    const inner = this.inner.sets;
    return {
      add: (name, member) => this.later(() => inner.add(name, member)),
      remove: (name, member) => this.later(() => inner.remove(name, member)),
      members: (name) => this.later(() => inner.members(name)),
    };
  }

  get claims(): Store['claims'] {
    const inner = this.inner.claims;
    return { claim: (namespace, key, ttlMs) => this.later(() => inner.claim(namespace, key, ttlMs)) };
  }

  get health(): Store['health'] {
    return this.inner.health;
  }

  ping(): Promise<void> {
    return this.later(() => this.inner.ping());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
