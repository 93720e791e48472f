import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE } from '../../src/core/communities.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import type { Store } from '../../src/store/store.ts';
import { useRedis } from '../support/redis.ts';
import { testStudy } from '../support/study.ts';

const COMMUNITIES = 10_000;
/** Subscribes in flight at once: enough to pile every community onto the store together on two shared cores. */
const IN_FLIGHT = 500;

const communityName = (i: number) => `g${String(i).padStart(5, '0')}`;

/**
 * 10,000 communities subscribe one channel each, all at once, spread over the replicas given
 * (one process per store); every record and every index must hold all of them.
 */
async function subscribeAllAtOnce(stores: Store[]) {
  const replicas = await Promise.all(stores.map((store) => testStudy({ store })));
  const t = replicas[0]!;
  const limits = replicas.map(() => pLimit(IN_FLIGHT));
  const added = await Promise.all(
    Array.from({ length: COMMUNITIES }, (_, i) => {
      const n = i % replicas.length;
      const { study, clock } = replicas[n]!;
      return limits[n]!(() => study.subscriptions.subscribe({ platform: 'discord', community: communityName(i), channel: `c${i}` }, clock.now()));
    }),
  );
  expect(added.filter(Boolean)).toHaveLength(COMMUNITIES);

  const lost: string[] = [];
  const check = pLimit(IN_FLIGHT);
  await Promise.all(
    Array.from({ length: COMMUNITIES }, (_, i) =>
      check(async () => {
        const channels = await t.study.subscriptions.channels({ platform: 'discord', community: communityName(i) });
        if (channels.length !== 1 || channels[0]!.channel !== `c${i}`) lost.push(communityName(i));
      }),
    ),
  );
  expect(lost).toEqual([]);

  const expected = Array.from({ length: COMMUNITIES }, (_, i) => communityName(i)).sort();
  const names = (refs: Array<{ platform: string; community: string }>) => {
    expect(refs.every((ref) => ref.platform === 'discord')).toBe(true);
    return refs.map((ref) => ref.community).sort();
  };
  expect(names(await t.study.communities.onSchedule(DEFAULT_SCHEDULE))).toEqual(expected);
  expect(names(await t.study.communities.all())).toEqual(expected);
}

describe('10,000 concurrent subscribes from different communities', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('GIVEN a real SQLite file THEN none is lost from the records or the indexes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'studybot-scale-'));
    dirs.push(dir);
    const store = await createStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
    try {
      await subscribeAllAtOnce([store]);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('GIVEN the index write fails after the record was written THEN subscribing again puts the community on its schedule', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'studybot-scale-'));
    dirs.push(dir);
    const file = path.join(dir, 'bot.sqlite');
    const store = await createStore(`sqlite://${file}`, { probeEveryMs: 20 });
    // A second connection to the same file makes the index table refuse writes, as a full disk would.
    const other = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
    const t = await testStudy({ store });
    const where = { platform: 'discord', community: 'g1', channel: 'c1' } as const;
    try {
      await other.query("CREATE TRIGGER refuse BEFORE INSERT ON set_members BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      await expect(t.study.subscriptions.subscribe(where, t.clock.now())).rejects.toThrow(/disk full/);
      await other.query('DROP TRIGGER refuse');
      while (!store.health.up) await new Promise((resolve) => setTimeout(resolve, 10));
      // The admin sees the apology and runs the command again.
      await t.study.subscriptions.subscribe(where, t.clock.now());
      expect(await t.study.subscriptions.channels(where)).toMatchObject([{ channel: 'c1' }]);
      expect(await t.study.communities.onSchedule(DEFAULT_SCHEDULE)).toEqual([{ platform: 'discord', community: 'g1' }]);
      expect(await t.study.communities.all()).toEqual([{ platform: 'discord', community: 'g1' }]);
    } finally {
      await other.disconnect();
      await store.close();
    }
  });

  describe('on a real Redis', () => {
    const redis = useRedis();
    it.skipIf(redis.skip)(
      'GIVEN two replicas on a real redis-server THEN none is lost from the records or the indexes',
      async () => {
        const stores = [await createStore(redis.url()), await createStore(redis.url())];
        try {
          await subscribeAllAtOnce(stores);
        } finally {
          for (const store of stores) await store.close();
        }
      },
      180_000,
    );
  });
});
