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

  it(`GIVEN ${COMMUNITIES} communities with every answer counted WHEN the start-up recovery runs THEN it costs a few store operations, not several per community`, async () => {
    const { t, store } = await postedDeployment();
    store.reset();
    // The index, then states, rounds, counted positions and the logs' last positions for the batch.
    await t.study.rounds.recoverAll(await t.study.communities.all());
    expect(store.total(), JSON.stringify(Object.fromEntries(store.counts))).toBeLessThanOrEqual(6);
    await store.close();
  });

  it('GIVEN answers written to the log but not counted (a crash in between) in the open round and in an older round left open THEN the recovery counts both, the older first', async () => {
    const { t, store } = await postedDeployment();
    const ref = { platform: 'discord', community: 'g0' };
    const community = 'discord:g0';
    const first = (await t.study.rounds.communityRounds(ref)).current!;
    await store.answers.record(`${community}:${first.roundId}`, { user: 'u1', name: 'Min', choice: 'A', at: FIRING.toISOString() });
    // A crash between opening the next round and closing this one leaves both open.
    const state = await t.study.rounds.communityRounds(ref);
    const next = { roundId: '2026-11-29', seq: state.seq + 1, questionId: t.content.trivia.find((question) => question.id !== first.questionId)!.id };
    await store.set('rounds', community, { ...state, seq: next.seq, current: next, recent: [...state.recent, { seq: next.seq, roundId: next.roundId }] });
    const older = (await t.study.rounds.round(ref, first.roundId))!;
    await store.set('round', `${community}:${next.roundId}`, { ...older, roundId: next.roundId, seq: next.seq, questionId: next.questionId, posts: [] });
    await store.answers.record(`${community}:${next.roundId}`, { user: 'u1', name: 'Min', choice: 'B', at: FIRING.toISOString() });

    await t.study.rounds.recoverAll(await t.study.communities.all());

    const closed = (await t.study.rounds.round(ref, first.roundId))!;
    const open = (await t.study.rounds.round(ref, next.roundId))!;
    expect(closed).toMatchObject({ status: 'closed', answered: 1 });
    expect(open).toMatchObject({ status: 'open', answered: 1 });
    const stats = (await t.study.rounds.stats(ref, 'u1'))!;
    expect(stats).toMatchObject({ answered: 2, answeredSeq: next.seq });
    await store.close();
  });
});
