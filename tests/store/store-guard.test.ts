import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.ts';
import { StoreGuard } from '../../src/store/store-guard.ts';

const never = () => new Promise<never>(() => undefined);

describe('StoreGuard deadlines', () => {
  it('GIVEN an operation that never answers THEN it fails with store_timeout after about its deadline AND the store counts as down', async () => {
    const changes: boolean[] = [];
    const guard = new StoreGuard('test', never, { timeoutMs: 100, probeEveryMs: 60_000, onHealthChange: (health) => changes.push(health.up) });
    const started = Date.now();
    const error = await guard.run(never).catch((caught: unknown) => caught);
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('store_timeout');
    expect(waited).toBeGreaterThanOrEqual(95);
    // The shared sweeper may fire a tenth of the deadline late, never a whole deadline.
    expect(waited).toBeLessThan(1000);
    expect(changes).toEqual([false]);
    await expect(guard.run(async () => 1)).rejects.toMatchObject({ code: 'store_unavailable' });
    guard.close();
  });

  it('GIVEN operations that answer in time beside one that hangs THEN they keep their values AND only the hung one times out', async () => {
    const guard = new StoreGuard('test', async () => undefined, { timeoutMs: 150, probeEveryMs: 60_000 });
    const quick = Array.from({ length: 20 }, (_, i) => guard.run(() => new Promise<number>((resolve) => setTimeout(() => resolve(i), 5 + i))));
    const hung = guard.run(never).catch((caught: unknown) => (caught as StoreError).code);
    expect(await Promise.all(quick)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await hung).toBe('store_timeout');
    guard.close();
  });

  it('GIVEN a failing operation THEN its own error reaches the caller, wrapped as the store being unavailable', async () => {
    const guard = new StoreGuard('test', async () => undefined, { timeoutMs: 1000, probeEveryMs: 60_000 });
    const error = await guard.run(() => Promise.reject(new Error('ECONNRESET'))).catch((caught: unknown) => caught as StoreError);
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain('ECONNRESET');
    guard.close();
  });
});
