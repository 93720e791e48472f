/** Missed questions come back: a daily question answered wrong or missed enters the member's review, served first by /quiz practice. */
import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { t } from '../../src/core/i18n.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { PracticeRecord } from '../../src/core/practice.ts';
import type { Reply } from '../../src/core/reply.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { keys, NS } from '../../src/store/keys.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { type TestStudy, testStudy } from '../support/study.ts';

const where = { platform: 'discord' as const, community: 'g1', channel: 'c1' };
const REF = { platform: 'discord', community: 'g1' };
const admin = { id: 'admin', displayName: 'Admin', locale: 'en' as const, canManage: true };
const member = (id: string, locale: 'ko' | 'en' = 'en') => ({ id, displayName: id, locale, canManage: false });

async function setUp() {
  const t = await testStudy({ start: '2026-11-30T00:00:00Z' });
  const discord = new RecordingPlatform('discord');
  await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'subscribe', options: {}, user: admin });
  return { t, discord };
}

/** The firing of day `day` of December (09:00 in Seoul), posted and answered: R right, W wrong, - not at all. */
async function round(
  t: TestStudy,
  discord: RecordingPlatform,
  day: number,
  marks: Record<string, 'R' | 'W' | '-'>,
): Promise<{ roundId: string; questionId: string }> {
  const firing = new Date(Date.UTC(2026, 11, day, 0, 0, 0));
  t.clock.set(firing.toISOString());
  const { roundId } = await runRound(firing, { study: t.study, adapters: { discord }, logger: silentLogger, sleep: async () => undefined });
  const record = (await t.study.rounds.round(REF, roundId))!;
  const answer = t.study.rounds.question(record.questionId)!.answer;
  for (const [user, mark] of Object.entries(marks)) {
    if (mark === '-') continue;
    const letter = mark === 'R' ? answer : LETTERS.find((candidate) => candidate !== answer)!;
    await t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${roundId}:${letter}`, user: member(user) });
  }
  return { roundId, questionId: record.questionId };
}

/** `/quiz practice` and a right answer to what it handed out; the reply's title and question id. */
async function practise(t: TestStudy, user: string, locale: 'ko' | 'en' = 'en'): Promise<{ title: string; id: string }> {
  const reply = await t.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'practice', options: {}, user: member(user, locale) });
  const id = reply.footer!.split(' · ')[0]!;
  const answer = t.study.rounds.question(id)!.answer;
  await t.dispatcher.action({ kind: 'action', ...where, action: 'quiz.practice', payload: `${id}:${answer}`, user: member(user, locale) });
  return { title: reply.title!, id };
}

function reviewsField(reply: Reply): string | undefined {
  return reply.fields?.find((field) => field.name === t('en', 'streak.reviews'))?.value;
}

describe('missed questions come back', () => {
  it('GIVEN a wrong and then a missed daily round THEN both come back, oldest first, within a minute of each close, labelled as reviews, before anything new', async () => {
    const { t: s, discord } = await setUp();
    await round(s, discord, 1, { ana: 'R', bo: 'R' });
    const wrong = await round(s, discord, 2, { ana: 'W', bo: '-' });
    const missed = await round(s, discord, 3, { ana: 'R', bo: '-', cy: 'R' });
    // The fourth firing closes the third round; a minute after it, both closed rounds are due.
    await round(s, discord, 4, {});
    s.clock.advance(60_000);

    const streak = await s.dispatcher.command({ kind: 'command', ...where, command: 'streak', options: {}, user: member('bo') });
    expect(reviewsField(streak)).toBe(t('en', 'streak.reviewsValue', { count: 2 }));
    expect(await s.study.practice.dueCount(REF, 'ana')).toBe(1);
    // cy answered right the only round they played; dee never played: nothing to review.
    expect(await s.study.practice.dueCount(REF, 'cy')).toBe(0);
    expect(await s.study.practice.dueCount(REF, 'dee')).toBe(0);

    const first = await practise(s, 'bo');
    expect(first).toEqual({ id: wrong.questionId, title: expect.stringMatching(/^Review · /) });
    const second = await practise(s, 'bo', 'ko');
    expect(second).toEqual({ id: missed.questionId, title: expect.stringMatching(/^복습 · /) });
    const third = await practise(s, 'bo');
    expect(third.title).toMatch(/^Practice · /);
    expect([wrong.questionId, missed.questionId]).not.toContain(third.id);
    expect(reviewsField(await s.dispatcher.command({ kind: 'command', ...where, command: 'streak', options: {}, user: member('bo') }))).toBe(
      t('en', 'streak.reviewsValue', { count: 0 }),
    );

    expect(await practise(s, 'ana')).toEqual({ id: wrong.questionId, title: expect.stringMatching(/^Review · /) });
    expect((await practise(s, 'ana')).title).toMatch(/^Practice · /);
  });

  it('GIVEN a round just closed THEN its review is not due before the close AND is due a minute after it', async () => {
    const { t: s, discord } = await setUp();
    await round(s, discord, 1, { ana: 'R' });
    await round(s, discord, 2, { ana: 'W' });
    s.clock.advance(30 * 60_000);
    expect(await s.study.practice.dueCount(REF, 'ana')).toBe(0);
    await round(s, discord, 3, {});
    s.clock.advance(60_000);
    expect(await s.study.practice.dueCount(REF, 'ana')).toBe(1);
  });

  it("GIVEN a voided round THEN its question enters nobody's review", async () => {
    const { t: s, discord } = await setUp();
    await round(s, discord, 1, { ana: 'R' });
    const voided = await round(s, discord, 2, { ana: 'W' });
    await s.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'void', options: { round: voided.roundId }, user: admin });
    await round(s, discord, 3, {});
    s.clock.advance(60_000);
    expect(await s.study.practice.dueCount(REF, 'ana')).toBe(0);
  });

  it('GIVEN a closed round whose question went into reviews WHEN it is voided THEN the reviews it put in are taken back AND one practised since stays', async () => {
    const { t: s, discord } = await setUp();
    await round(s, discord, 1, { ana: 'R', bo: 'R', cy: 'R' });
    const voided = await round(s, discord, 2, { ana: 'W', bo: '-', cy: 'W' });
    await round(s, discord, 3, {});
    s.clock.advance(60_000);
    expect(await Promise.all(['ana', 'bo', 'cy'].map((id) => s.study.practice.dueCount(REF, id)))).toEqual([1, 1, 1]);
    // cy practises the review before the void: that answer is cy's own.
    expect(await practise(s, 'cy')).toEqual({ id: voided.questionId, title: expect.stringMatching(/^Review · /) });
    const cyCard = (await s.store.get<PracticeRecord>(NS.practice, keys.member(REF, 'cy')))!.cards![voided.questionId];

    const told = await s.dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'void', options: { round: voided.roundId }, user: admin });
    expect(told.sections?.join('\n')).toContain(t('en', 'quiz.voidReviews', { count: 2 }));
    expect(await s.study.practice.dueCount(REF, 'ana')).toBe(0);
    expect(await s.study.practice.dueCount(REF, 'bo')).toBe(0);
    const records = await Promise.all(['ana', 'bo', 'cy'].map((id) => s.store.get<PracticeRecord>(NS.practice, keys.member(REF, id))));
    expect(records.map((record) => record?.cards?.[voided.questionId])).toEqual([undefined, undefined, cyCard]);
    expect(records.map((record) => record?.fromRounds?.[voided.questionId])).toEqual([undefined, undefined, undefined]);
  });

  it('GIVEN a card the member had WHEN a round reviews it AND the round is voided THEN the card is as it was; entering one round twice grades it once', async () => {
    const { t: s } = await setUp();
    const handed = (await s.study.practice.next(REF, 'ana'))!;
    await s.study.practice.answer(REF, 'ana', handed.question.id, handed.question.answer);
    const cardOf = async () => (await s.store.get<PracticeRecord>(NS.practice, keys.member(REF, 'ana')))!.cards![handed.question.id];
    const before = await cardOf();
    const at = s.clock.now();
    await s.study.practice.enterReview(REF, 'ana', handed.question.id, at, '2026-12-01');
    const entered = await cardOf();
    expect(entered).not.toEqual(before);
    await s.study.practice.enterReview(REF, 'ana', handed.question.id, at, '2026-12-01');
    expect(await cardOf()).toEqual(entered);
    expect(await s.study.practice.leaveReview(REF, 'ana', handed.question.id, '2026-11-30')).toBe(false);
    expect(await s.study.practice.leaveReview(REF, 'ana', handed.question.id, '2026-12-01')).toBe(true);
    expect(await cardOf()).toEqual(before);
    expect(await s.study.practice.leaveReview(REF, 'ana', handed.question.id, '2026-12-01')).toBe(false);
  });

  it('GIVEN more players than a page of the log (1,200) who all miss the next round THEN every one of them gets the review', async () => {
    const { t: s, discord } = await setUp();
    const { roundId } = await round(s, discord, 1, {});
    const players = Array.from({ length: 1200 }, (_, i) => `p${i}`);
    for (const id of players) await s.study.rounds.answer(REF, roundId, { id, name: id }, 'A');
    const missed = await round(s, discord, 2, {});
    await round(s, discord, 3, {});
    s.clock.advance(60_000);
    const due = await Promise.all([players[0]!, players[499]!, players[500]!, players[1199]!].map((id) => s.study.practice.dueCount(REF, id)));
    // Each has the missed round's question due; a wrong answer to the first round adds that one.
    const first = s.study.rounds.question((await s.study.rounds.round(REF, roundId))!.questionId)!;
    expect(due).toEqual(Array(4).fill(first.answer === 'A' ? 1 : 2));
    const handed = await s.study.practice.next(REF, players[1199]!);
    expect(handed?.review).toBe(true);
    expect([missed.questionId, first.id]).toContain(handed?.question.id);
  }, 60_000);
});
