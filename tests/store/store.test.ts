import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.ts';
import { createStore, parseStoreUrl } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startRedis, useRedis } from '../support/redis.ts';

function contract(name: string, open: () => Promise<Store>) {
  describe(`${name} store`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('GIVEN a record THEN get returns it and getMany keeps key order', async () => {
      await store.set('t', 'a', { n: 1 });
      expect(await store.get('t', 'a')).toEqual({ n: 1 });
      expect(await store.getMany('t', ['missing', 'a'])).toEqual([undefined, { n: 1 }]);
    });

    it('GIVEN text people type (a leading colon, emoji, Hangul, quotes, a lone surrogate) THEN it comes back exactly', async () => {
      const record = { name: ':) 민지 "k8s" 🚀', note: '::base64:abc', broken: '\ud800', nested: [{ at: '2026-11-28T00:00:00.000Z' }] };
      await store.set('t', 'typed', record);
      expect(await store.get('t', 'typed')).toEqual(record);
    });

    it('GIVEN namespaces THEN the same key in two namespaces holds two records', async () => {
      await store.set('one', 'k', 1);
      await store.set('two', 'k', 2);
      expect([await store.get('one', 'k'), await store.get('two', 'k')]).toEqual([1, 2]);
    });

    it('GIVEN 50 concurrent setIfAbsent on one key THEN exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.setIfAbsent('claim', 'once', i)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('GIVEN 50 concurrent claims on one key THEN exactly one wins AND the same key in another namespace is its own', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => store.claims.claim('seen', 'body-1', 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claims.claim('seen', 'body-1', 60_000)).toBe(false);
      expect(await store.claims.claim('seen-too', 'body-1', 60_000)).toBe(true);
    });

    it('GIVEN a claim whose window has passed THEN the key can be claimed again, once', async () => {
      expect(await store.claims.claim('seen', 'short', 30)).toBe(true);
      expect(await store.claims.claim('seen', 'short', 30)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 80));
      const again = await Promise.all(Array.from({ length: 10 }, () => store.claims.claim('seen', 'short', 60_000)));
      expect(again.filter(Boolean)).toHaveLength(1);
    });

    it('GIVEN 500 concurrent updates THEN none is lost', async () => {
      await Promise.all(Array.from({ length: 500 }, () => store.update<number>('count', 'n', (v) => (v ?? 0) + 1)));
      expect(await store.get('count', 'n')).toBe(500);
    });

    it('GIVEN an update whose change throws THEN that caller fails and the others still apply', async () => {
      const results = await Promise.allSettled([
        store.update<number>('mixed', 'n', (v) => (v ?? 0) + 1),
        store.update<number>('mixed', 'n', () => {
          throw new Error('bad change');
        }),
        store.update<number>('mixed', 'n', (v) => (v ?? 0) + 1),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.get('mixed', 'n')).toBe(2);
    });

    it('GIVEN answer logs of several rounds THEN lastPositions gives each round its last position, in the order asked, 0 for none', async () => {
      const at = '2026-11-28T00:00:00.000Z';
      const run = `${Date.now()}`;
      const [a, b, none] = [`lp-a-${run}`, `lp-b-${run}`, `lp-none-${run}`];
      await store.answers.record(a, { user: 'u1', name: 'A', choice: 'A', at });
      await store.answers.record(b, { user: 'u1', name: 'A', choice: 'B', at });
      await store.answers.record(a, { user: 'u2', name: 'B', choice: 'C', at });
      const logged = await store.answers.after(a, 0, 10);
      const [lastOfB] = await store.answers.after(b, 0, 10);
      expect(await store.answers.lastPositions([none, b, a])).toEqual([0, lastOfB!.idx, logged.at(-1)!.idx]);
      expect(await store.answers.lastPositions([])).toEqual([]);
    });

    it('GIVEN a deleted record THEN get is undefined', async () => {
      await store.set('t', 'gone', 1);
      await store.delete('t', 'gone');
      expect(await store.get('t', 'gone')).toBeUndefined();
    });
  });
}

contract('memory', () => createStore('memory://'));

describe('sqlite file', () => {
  const dir = path.join(tmpdir(), `studybot-store-${process.pid}-${Date.now()}`);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  contract('sqlite', async () => createStore(`sqlite://${path.join(dir, 'contract.sqlite')}`));

  it('GIVEN a nested path THEN the folder is created AND records survive reopening', async () => {
    const file = path.join(dir, 'deep', 'er', 'bot.sqlite');
    const first = await createStore(`sqlite://${file}`);
    await first.set('stats', 'u1', { streak: 3 });
    await first.close();
    const second = await createStore(`sqlite://${file}`);
    expect(await second.get('stats', 'u1')).toEqual({ streak: 3 });
    await second.close();
  });
});

describe('redis', () => {
  const redis = useRedis();
  const { skip } = redis;

  describe.skipIf(skip)('on a real redis-server', () => {
    contract('redis', async () => createStore(redis.url()));

    it('GIVEN stores on one Redis THEN updates from all of them interleave without loss AND one claim wins', async () => {
      const a = await createStore(redis.url());
      const b = await createStore(redis.url());
      const others = [await createStore(redis.url()), await createStore(redis.url())];
      const stores = [a, b, ...others];
      await Promise.all(Array.from({ length: 2000 }, (_, i) => stores[i % stores.length]!.update<number>('shared', 'n', (v) => (v ?? 0) + 1)));
      expect(await a.get('shared', 'n')).toBe(2000);
      for (const store of others) await store.close();
      const claims = await Promise.all([a.setIfAbsent('shared', 'claim', 'a'), b.setIfAbsent('shared', 'claim', 'b')]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const seen = await Promise.all([a.claims.claim('seen', 'body', 60_000), b.claims.claim('seen', 'body', 60_000)]);
      expect(seen.filter(Boolean)).toHaveLength(1);
      await a.close();
      await b.close();
    });

    it('GIVEN Redis goes down THEN operations fail at once with a StoreError AND work again once it is back', async () => {
      const server = await startRedis();
      const store = await createStore(server.url);
      await store.set('t', 'k', 1);
      await server.stop();
      const started = Date.now();
      await expect(store.get('t', 'k')).rejects.toBeInstanceOf(StoreError);
      await expect(store.update('t', 'k', () => 2)).rejects.toBeInstanceOf(StoreError);
      expect(Date.now() - started).toBeLessThan(5000);
      const back = await startRedis({ port: server.port });
      let recovered = false;
      for (let attempt = 0; attempt < 100 && !recovered; attempt += 1) {
        recovered = await store.set('t', 'k', 3).then(
          () => true,
          () => false,
        );
        if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(recovered).toBe(true);
      expect(await store.get('t', 'k')).toBe(3);
      await store.close();
      await back.stop();
    });
  });
});

describe('STORE_URL', () => {
  it('GIVEN the supported forms THEN they parse AND anything else is refused with the expected forms', () => {
    expect(parseStoreUrl('sqlite://data/x.sqlite')).toEqual({ kind: 'sqlite', target: 'data/x.sqlite' });
    expect(parseStoreUrl('redis://127.0.0.1:6379/2').kind).toBe('redis');
    expect(parseStoreUrl('memory://').kind).toBe('memory');
    expect(() => parseStoreUrl('mysql://x')).toThrow(/sqlite:\/\/<path>/);
  });
});
