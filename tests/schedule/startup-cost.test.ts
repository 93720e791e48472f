import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type CountingStore, countingStore } from '../support/counting-store.ts';
import { testStudy } from '../support/study.ts';

// A restart reads every community twice: the recovery of uncounted answers and the catch-up of
// each schedule's latest firing. Both must cost a few reads per batch of communities when there
// is nothing to do, or a deployment of 10,000 communities takes many seconds to start.
const COMMUNITIES = 120;
const FIRING = new Date('2026-11-28T00:00:00Z');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function postedDeployment(): Promise<{ t: Awaited<ReturnType<typeof testStudy>>; store: CountingStore; discord: RecordingPlatform }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'startup-cost-'));
  dirs.push(dir);
  const store = countingStore(await createStore(`sqlite://${path.join(dir, 'bot.sqlite')}`));
  const t = await testStudy({ store, start: '2026-11-27T00:00:00Z' });
  for (let i = 0; i < COMMUNITIES; i += 1) await t.study.subscriptions.subscribe({ platform: 'discord', community: `g${i}`, channel: `c${i}` }, t.clock.now());
  const discord = new RecordingPlatform('discord');
  t.clock.set(FIRING);
  const first = await runRound(FIRING, { study: t.study, adapters: { discord }, logger: silentLogger });
  expect(first.posted).toBe(COMMUNITIES);
  return { t, store, discord };
}

describe('start-up over many communities', () => {
  it(`GIVEN ${COMMUNITIES} communities whose round was posted WHEN the catch-up runs that firing again THEN it posts nothing AND costs a few store operations, not several per community`, async () => {
    const { t, store, discord } = await postedDeployment();
    store.reset();
    const again = await runRound(FIRING, { study: t.study, adapters: { discord }, logger: silentLogger });
    expect(again).toMatchObject({ posted: 0, skipped: COMMUNITIES, communities: COMMUNITIES });
    expect(discord.calls).toBe(COMMUNITIES);
    // One read of the schedule's set, then plans, channels and claims for the batch.
    expect(store.total(), JSON.stringify(Object.fromEntries(store.counts))).toBeLessThanOrEqual(4);
    await store.close();
  });
});
