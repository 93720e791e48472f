/**
 * `/quiz void <round>`: a voided round's answers leave every board and every member's totals,
 * and the round leaves the sequence streaks count, on a real SQLite file and a real Redis.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { rebuildBoards } from '../../src/core/boards-rebuild.ts';
import { readLeaderboard } from '../../src/core/leaderboard.ts';
import { t as text } from '../../src/core/i18n.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { ALL_TIME, readPeriodBoard } from '../../src/core/period-boards.ts';
import { plainText, type Reply } from '../../src/core/reply.ts';
import { currentStreak } from '../../src/core/stats.ts';
import { editPost, runRound } from '../../src/schedule/round-job.ts';
import type { Store } from '../../src/store/store.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { useRedis } from '../support/redis.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

// Each test has a community of its own: the Redis server is shared by the tests of its block.
let where = { platform: 'discord' as const, community: 'g0', channel: 'c1' };
let REF = { platform: 'discord', community: 'g0' };
let communities = 0;
const admin = { id: 'admin', displayName: 'Admin', locale: 'en' as const, canManage: true };
const member = (id: string) => ({ id, displayName: id, locale: 'en' as const, canManage: false });

interface Play {
  t: TestStudy;
  discord: RecordingPlatform;
  roundIds: string[];
}

/** A community on Discord with one subscribed channel, and the voiding command's edits connected to the recording platform. */
async function community(store: Store): Promise<Play> {
  communities += 1;
  const id = `g${communities}-${Date.now()}`;
  where = { platform: 'discord', community: id, channel: 'c1' };
  REF = { platform: 'discord', community: id };
  const t = await testStudy({ store, start: '2026-11-30T00:00:00Z' });
  const discord = new RecordingPlatform('discord');
  t.study.posts.connect((post, reply) => editPost(post, reply, { adapters: { discord }, sleep: async () => undefined }));
  await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'subscribe', options: {}, user: admin });
  await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'language', options: { language: 'en' }, user: admin });
  return { t, discord, roundIds: [] };
}

/** Posts the next daily round (closing the one before) and answers it: R right, W wrong, - not at all. */
async function round(play: Play, marks: Record<string, 'R' | 'W' | '-'>): Promise<string> {
  const firing = new Date(Date.UTC(2026, 11, 1 + play.roundIds.length, 0, 0, 0));
  play.t.clock.set(firing.toISOString());
  const { roundId } = await runRound(firing, { study: play.t.study, adapters: { discord: play.discord }, logger: silentLogger, sleep: async () => undefined });
  play.roundIds.push(roundId);
  const record = (await play.t.study.rounds.round(REF, roundId))!;
  const answer = play.t.study.rounds.question(record.questionId)!.answer;
  for (const [user, mark] of Object.entries(marks)) {
    if (mark === '-') continue;
    await press(play, roundId, answer, user, mark);
  }
  return roundId;
}

async function press(play: Play, roundId: string, answer: string, user: string, mark: 'R' | 'W') {
  const letter = mark === 'R' ? answer : LETTERS.find((candidate) => candidate !== answer)!;
  play.t.clock.advance(1000);
  return play.t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${roundId}:${letter}`, user: member(user) });
}

async function voidIt(play: Play, roundId: string, user = admin): Promise<Reply> {
  return play.t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'void', options: { round: roundId }, user });
}

/** What a member sees of themselves: current and best streak, right and answered. */
async function record(play: Play, user: string) {
  const [stats, rounds] = await Promise.all([play.t.study.rounds.stats(REF, user), play.t.study.rounds.communityRounds(REF)]);
  return stats ? { streak: currentStreak(stats, rounds.seq), best: stats.best, correct: stats.correct, answered: stats.answered } : undefined;
}

async function boards(play: Play) {
  const rounds = await play.t.study.rounds.communityRounds(REF);
  const streaks = await readLeaderboard(play.t.store, REF, rounds.seq, undefined, 10);
  const periods = Object.fromEntries(
    await Promise.all(
      ['2026-W49', '2026-12', ALL_TIME].map(async (id) => [
        id,
        (await readPeriodBoard(play.t.store, REF, id, 'nobody', undefined))?.rows.map((row) => `${row.u} ${row.c}/${row.w}`),
      ]),
    ),
  );
  return { streaks: streaks.rows.map((row) => `${row.u} ${row.s}/${row.c}`), total: streaks.total, periods };
}

const stores: Array<{ name: string; url: () => string; skip: boolean }> = [];
const redis = useRedis();
stores.push({ name: 'SQLite', url: () => `sqlite://${path.join(mkdtempSync(path.join(tmpdir(), 'void-')), 'store.sqlite')}`, skip: false });
stores.push({ name: 'Redis', url: () => redis.url(), skip: redis.skip });

describe.each(stores)('/quiz void on $name', ({ url, skip }) => {
  let opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    opened = [];
  });
  const open = async () => {
    const { createStore } = await import('../../src/store/keyv-store.ts');
    const store = await createStore(url());
    opened.push(store);
    return store;
  };

  it.skipIf(skip)(
    'GIVEN three answered rounds WHEN the middle one is voided THEN its answers leave the totals and every board AND streaks run across it AND a best only it made is lowered',
    async () => {
      const store = await open();
      const play = await community(store);
      const [ana, bo, cy, dee] = ['ana', 'bo', 'cy', 'dee'];
      await round(play, { [ana]: 'R', [bo]: 'R', [cy]: 'R', [dee]: 'R' });
      const middle = await round(play, { [ana]: 'R', [bo]: 'W', [cy]: 'R', [dee]: '-' });
      await round(play, { [ana]: 'R', [bo]: 'R', [cy]: '-', [dee]: 'R' });
      // The next round opens: the third is closed and revealed, and the fourth is open.
      await round(play, {});

      expect(await record(play, ana)).toEqual({ streak: 3, best: 3, correct: 3, answered: 3 });
      expect(await record(play, bo)).toEqual({ streak: 1, best: 1, correct: 2, answered: 3 });
      expect(await record(play, cy)).toEqual({ streak: 0, best: 2, correct: 2, answered: 2 });
      expect(await record(play, dee)).toEqual({ streak: 1, best: 1, correct: 2, answered: 2 });
      const before = await boards(play);
      expect(before.streaks).toEqual([`${ana} 3/3`, `${bo} 1/2`, `${dee} 1/2`, `${cy} 0/2`]);
      expect(before.periods[ALL_TIME]).toEqual([`${ana} 3/0`, `${cy} 2/0`, `${dee} 2/0`, `${bo} 2/1`]);

      const reply = await voidIt(play, middle);
      expect(reply.sections.join('\n')).toContain('3 answers no longer count, and 1 of its 1 posted messages');

      expect(await record(play, ana)).toEqual({ streak: 2, best: 2, correct: 2, answered: 2 });
      // A wrong answer to the voided round no longer ends bo's streak; a miss of it no longer ends dee's.
      expect(await record(play, bo)).toEqual({ streak: 2, best: 2, correct: 2, answered: 2 });
      expect(await record(play, dee)).toEqual({ streak: 2, best: 2, correct: 2, answered: 2 });
      // cy's best of 2 was made by the voided round.
      expect(await record(play, cy)).toEqual({ streak: 0, best: 1, correct: 1, answered: 1 });
      const after = await boards(play);
      expect(after.streaks).toEqual([`${ana} 2/2`, `${bo} 2/2`, `${dee} 2/2`, `${cy} 0/1`]);
      expect(after.total).toBe(4);
      for (const id of ['2026-W49', '2026-12', ALL_TIME]) expect(after.periods[id]).toEqual([`${ana} 2/0`, `${bo} 2/0`, `${dee} 2/0`, `${cy} 1/0`]);

      // The boards:rebuild from the logs agrees with what the void left.
      expect(await rebuildBoards(play.t.study, REF)).toMatchObject({ rebuilt: true, rounds: 3 });
      expect(await boards(play)).toEqual(after);

      // The open round moved down into the voided one's place, and a right answer to it continues the streak across the void.
      const fourth = (await play.t.study.rounds.round(REF, play.roundIds[3]!))!;
      expect(fourth.seq).toBe(3);
      await press(play, fourth.roundId, play.t.study.rounds.question(fourth.questionId)!.answer, bo, 'R');
      expect(await record(play, bo)).toEqual({ streak: 3, best: 3, correct: 3, answered: 3 });
      // The next firing reveals the fourth round and leaves the voided message as the void left it.
      const voidedMessage = [...play.discord.messages.values()][1]!;
      const edits = voidedMessage.edits.length;
      await round(play, {});
      expect(voidedMessage.edits).toHaveLength(edits);
      expect(voidedMessage.edits.at(-1)?.title).toBe('Voided question · Dec 2');
    },
  );

  it.skipIf(skip)(
    'GIVEN the open round WHEN it is voided THEN it is closed, presses no longer count, its message says it is void AND the next round takes its place in the streak',
    async () => {
      const store = await open();
      const play = await community(store);
      await round(play, { ana: 'R', bo: 'R' });
      const current = await round(play, { ana: 'W' });
      const message = [...play.discord.messages.values()].at(-1)!;
      expect((await voidIt(play, current)).sections.join('\n')).toContain('1 answers no longer count, and 1 of its 1 posted messages');
      const edited = message.edits.at(-1)!;
      expect(edited.title).toContain('Voided question');
      expect(edited.sections.at(-1)).toBe('This round was voided and does not count: not on the boards, in totals or in streaks.');
      expect(edited.buttons).toEqual([]);
      const late = await play.t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${current}:A`, user: member('bo') });
      expect(late.reply?.sections).toEqual([text('en', 'quiz.roundClosed')]);
      expect(await record(play, 'ana')).toEqual({ streak: 1, best: 1, correct: 1, answered: 1 });
      const status = await play.t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'status', options: {}, user: member('ana') });
      expect(status.fields?.find((field) => field.name === text('en', 'quiz.statusRound'))?.value).toBe('Dec 2 · voided (not counted)');

      // The next firing leaves the voided message as it is, and a right answer extends the streak across the void.
      const next = await round(play, { ana: 'R', bo: 'R' });
      expect(message.edits).toHaveLength(1);
      expect((await play.t.study.rounds.round(REF, next))!.seq).toBe(2);
      expect(await record(play, 'ana')).toEqual({ streak: 2, best: 2, correct: 2, answered: 2 });
      expect(await record(play, 'bo')).toEqual({ streak: 2, best: 2, correct: 2, answered: 2 });
    },
  );

  it.skipIf(skip)('GIVEN a voided round WHEN it is voided again, or an unknown round, or by a member THEN each is told so and nothing changes', async () => {
    const store = await open();
    const play = await community(store);
    const first = await round(play, { ana: 'R' });
    await round(play, { ana: 'R' });
    await voidIt(play, first);
    const seq = (await play.t.study.rounds.communityRounds(REF)).seq;
    expect((await voidIt(play, first)).sections).toEqual(['The round of Dec 1 is already void.']);
    expect(plainText((await voidIt(play, '2031-01-01')).sections.join(''))).toContain('There is no round 2031-01-01.');
    expect((await voidIt(play, play.roundIds[1]!, { ...admin, id: 'ana', canManage: false })).sections.join('')).toContain('permission');
    expect((await play.t.study.rounds.communityRounds(REF)).seq).toBe(seq);
    // The round option offers the recent rounds that still count, newest first.
    const third = await round(play, {});
    const offered = await play.t.dispatcher.autocomplete({ kind: 'autocomplete', ...where, command: 'quiz', option: 'round', value: '', user: admin });
    expect(offered).toEqual([
      { name: `Dec 3 (${third})`, value: third },
      { name: `Dec 2 (${play.roundIds[1]})`, value: play.roundIds[1] },
    ]);
    expect(await record(play, 'ana')).toEqual({ streak: 1, best: 1, correct: 1, answered: 1 });
  });
});

/** Posts like the recording platform, but runs `meanwhile` after the message is sent and before the poster hears back. */
class SlowToConfirm extends RecordingPlatform {
  meanwhile: (() => Promise<void>) | undefined;
  override async post(...args: Parameters<RecordingPlatform['post']>) {
    const sent = await super.post(...args);
    const work = this.meanwhile;
    this.meanwhile = undefined;
    await work?.();
    return sent;
  }
}

describe('/quiz void while the round is being posted', () => {
  it('GIVEN a post on its way WHEN the round is voided before the post is recorded THEN that post is edited to say so too', async () => {
    const { createStore } = await import('../../src/store/keyv-store.ts');
    const store = await createStore('memory://');
    try {
      const play = await community(store);
      const slow = new SlowToConfirm('discord');
      play.t.study.posts.connect((post, reply) => editPost(post, reply, { adapters: { discord: slow }, sleep: async () => undefined }));
      const firing = new Date(Date.UTC(2026, 11, 1, 0, 0, 0));
      play.t.clock.set(firing.toISOString());
      let told: Reply | undefined;
      slow.meanwhile = async () => {
        const roundId = (await play.t.study.rounds.communityRounds(REF)).current!.roundId;
        told = await voidIt(play, roundId);
      };
      await runRound(firing, { study: play.t.study, adapters: { discord: slow }, logger: silentLogger, sleep: async () => undefined });
      // The void knew of no post yet; the poster found the round void when it recorded its post.
      expect(told?.sections.join('\n')).toContain('0 of its 0 posted messages');
      const [message] = [...slow.messages.values()];
      expect(message!.edits.map((edit) => edit.title)).toEqual([expect.stringMatching(/^Voided question · /)]);
      expect(message!.edits[0]!.buttons ?? []).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
