import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLeaderboard } from '../../src/core/leaderboard.ts';
import type { User } from '../../src/core/request.ts';
import { testStudy } from '../support/study.ts';

/**
 * Records as earlier versions wrote them, under the literal keys they used
 * (`<platform>:<community>:…`), not built through keys.ts: the new code must read them as they are.
 */
const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const ref = { platform: 'console', community: 'c1' };
const user: User = { id: 'alice', displayName: 'Alice', locale: 'en', canManage: false };
const stats = (streak: number, lastSeq: number) => ({
  userId: 'alice',
  name: 'Alice',
  streak,
  best: streak,
  lastSeq,
  correct: streak,
  answered: streak,
  answeredSeq: lastSeq,
  history: [{ seq: lastSeq, ok: true }],
});

describe('the key layout', () => {
  it('GIVEN a community, round, stats, practice and boards written under the old literal keys THEN the new code reads and extends them', async () => {
    const file = path.join(tmpdir(), `studybot-layout-${process.pid}.sqlite`);
    await rm(file, { force: true });
    const { store, study, dispatcher, content } = await testStudy({ storeUrl: `sqlite://${file}` });
    const question = content.trivia[0]!;
    await store.set('rounds', 'console:c1', {
      seq: 2,
      current: { roundId: 'd2', seq: 2, questionId: question.id },
      recent: [
        { seq: 1, roundId: 'd1' },
        { seq: 2, roundId: 'd2' },
      ],
      used: [content.trivia[1]!.id, question.id],
      cycle: 0,
    });
    await store.set('round', 'console:c1:d2', {
      community: 'console:c1',
      roundId: 'd2',
      seq: 2,
      questionId: question.id,
      status: 'open',
      openedAt: '2026-11-28T00:00:00.000Z',
      tally: { A: 0, B: 0, C: 0, D: 0 },
      answered: 0,
      right: 0,
      posts: [],
    });
    await store.set('stats', 'console:c1:alice', stats(1, 1));
    await store.set('board', 'console:c1:1', { top: [{ u: 'alice', n: 'Alice', s: 1, c: 1 }], hist: { '1:1': 1 }, count: 1 });
    await store.set('boardtotals', 'console:c1', { users: 1, byCorrect: { '1': 1 }, topCorrect: [{ u: 'alice', n: 'Alice', s: 1, c: 1 }] });
    await store.set('practice', 'console:c1:alice', { seen: {}, right: 0, total: 0, pending: question.id, offered: [question.id] });

    expect((await study.rounds.communityRounds(ref)).current?.roundId).toBe('d2');
    expect(await study.rounds.stats(ref, 'alice')).toMatchObject({ streak: 1, lastSeq: 1 });
    expect((await readLeaderboard(store, ref, 2, undefined)).rows).toEqual([{ u: 'alice', n: 'Alice', s: 1, c: 1 }]);

    // A press on the old round continues the old streak, and its writes land at the old keys.
    const answered = await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `d2:${question.answer}`, user });
    expect(answered.answerRecorded).toBe(true);
    expect(await store.get('stats', 'console:c1:alice')).toMatchObject({ streak: 2, lastSeq: 2 });
    expect(await store.get('tally', 'console:c1:d2')).toMatchObject({ answered: 1, right: 1 });
    expect((await store.answers.after('console:c1:d2', 0, 10)).map((entry) => entry.user)).toEqual(['alice']);
    expect(await store.get('board', 'console:c1:2')).toMatchObject({ count: 1, top: [{ u: 'alice', s: 2 }] });

    const practised = await study.practice.answer(ref, 'alice', question.id, question.answer);
    expect(practised).toMatchObject({ status: 'graded', ok: true });
    expect(await store.get('practice', 'console:c1:alice')).toMatchObject({ total: 1, right: 1 });

    // The next round follows on from the old state: sequence 3, and the previous one closed.
    const next = (await study.rounds.open(ref, 'd3'))!;
    expect(next.round.seq).toBe(3);
    expect(next.previous).toMatchObject({ roundId: 'd2', status: 'closed', answered: 1 });
    expect(await store.get('round', 'console:c1:d3')).toMatchObject({ seq: 3 });
    await store.close();
  });

  it('GIVEN a deployment of the old layout with an answer logged but not counted (a crash) THEN the start-up upgrade and recovery count it', async () => {
    const { store, study, content } = await testStudy();
    const question = content.trivia[0]!;
    await store.set('subs', 'all', { channels: [{ ...where, since: '2026-11-01T00:00:00.000Z', failures: 0 }] });
    await store.set('rounds', 'console:c1', {
      seq: 1,
      current: { roundId: 'd1', seq: 1, questionId: question.id },
      recent: [{ seq: 1, roundId: 'd1' }],
      used: [question.id],
      cycle: 0,
    });
    await store.set('round', 'console:c1:d1', {
      community: 'console:c1',
      roundId: 'd1',
      seq: 1,
      questionId: question.id,
      status: 'open',
      openedAt: '2026-11-28T00:00:00.000Z',
      tally: { A: 0, B: 0, C: 0, D: 0 },
      answered: 0,
      right: 0,
      posts: [],
    });
    await store.answers.record('console:c1:d1', { user: 'alice', name: 'Alice', choice: question.answer, at: '2026-11-28T00:01:00.000Z' });

    // What main.ts runs before it takes any request.
    await study.subscriptions.upgrade();
    await study.rounds.recoverAll(await study.communities.all());

    expect(await store.get('tally', 'console:c1:d1')).toMatchObject({ answered: 1, right: 1 });
    expect(await store.get('stats', 'console:c1:alice')).toMatchObject({ streak: 1, correct: 1 });
    expect(await study.subscriptions.channels(ref)).toMatchObject([{ channel: 'ch1' }]);
  });
});
