import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { t } from '../../src/core/i18n.ts';
import { decodeButtonId, type Reply, renderText } from '../../src/core/reply.ts';
import type { CommandRequest, User } from '../../src/core/request.ts';
import { parseCommandLine } from '../../src/core/text-command.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { type LogLine, recordingLogger } from '../support/logs.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const ko: User = { id: 'u1', displayName: 'Min', locale: 'ko', canManage: true };
const en: User = { ...ko, locale: 'en' };

async function run(line: string, user: User = ko) {
  const { dispatcher } = await testStudy();
  try {
    const parsed = parseCommandLine(line, dispatcher.commands);
    return await dispatcher.command({ kind: 'command', ...where, ...parsed, user });
  } catch (error) {
    if (error instanceof UserError) return { visibility: 'requester', sections: [t(user.locale, error.key, error.params)] } satisfies Reply;
    throw error;
  }
}

const asTyped = (neutral: string) => renderText(neutral, (own) => own, (user) => user);
/** A reply's text in the neutral markup, user text as typed (without its marks). */
const text = (reply: Reply) => asTyped([reply.title, ...reply.sections, reply.footer, ...(reply.fields ?? []).map((f) => `${f.name} ${f.value}`)].join('\n'));

describe('commands through the dispatcher', () => {
  it('GIVEN /define kubelet in ko and en THEN the short definition is in the user\'s language with related buttons, source and docs', async () => {
    const inKo = await run('/define kubelet');
    expect(inKo.title).toBe('kubelet · 큐블릿');
    expect(text(inKo)).toContain('각 노드에서');
    // The fixture has no book.yaml: its sections are titled by their ids.
    expect(inKo.fields?.[0]).toEqual({ name: '노트', value: '§1.1', inline: true });
    expect(text(inKo)).toContain('https://kubernetes.io/');
    expect(inKo.buttons?.map((b) => `${b.action}|${b.payload}`)).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
    const inEn = await run('/define 큐블렛', en);
    expect(text(inEn)).toContain('The agent on every node');
  });

  it('GIVEN an unknown term THEN up to three suggestion buttons AND only the requester sees it', async () => {
    const reply = await run('/define zzzzqqq');
    expect(reply.visibility).toBe('requester');
    expect(reply.buttons!.length).toBeGreaterThan(0);
    expect(reply.buttons!.length).toBeLessThanOrEqual(3);
    expect(reply.buttons!.every((b) => b.action === 'define.show')).toBe(true);
  });

  it('GIVEN an empty term THEN every term is listed, grouped by section', async () => {
    const reply = await run('/define');
    expect(reply.fields?.map((f) => f.name)).toEqual(['§1.1', '§1.2']);
    expect(text(reply)).toContain('큐블릿(kubelet)');
  });

  it('GIVEN a related-term button THEN its definition opens', async () => {
    const { dispatcher } = await testStudy();
    const outcome = await dispatcher.action({ kind: 'action', ...where, action: 'define.show', payload: 'pod', user: en });
    expect(outcome.reply?.title).toBe('Pod · 파드');
  });

  it('GIVEN /quiz subscribe without the manage permission THEN it is refused, naming the permission, AND nothing is stored', async () => {
    const { dispatcher, study } = await testStudy();
    const reply = await dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'subscribe', options: {}, user: { ...ko, canManage: false } });
    expect(reply.sections[0]).toBe('이 명령은 관리자 권한이 있어야 쓸 수 있어요.');
    expect(await study.subscriptions.channels({ platform: 'console', community: 'c1' })).toEqual([]);
  });

  it('GIVEN /quiz subscribe twice and unsubscribe THEN the channel is stored once and then removed', async () => {
    const { dispatcher, study } = await testStudy();
    const ask = (subcommand: string) => dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options: {}, user: en });
    expect((await ask('subscribe')).sections[0]).toContain('now gets the daily quiz');
    expect((await ask('subscribe')).sections[0]).toContain('already subscribed');
    expect(await study.subscriptions.channels({ platform: 'console', community: 'c1' })).toHaveLength(1);
    expect(text(await ask('status'))).toContain('subscribed');
    expect((await ask('unsubscribe')).sections[0]).toContain('no longer');
    expect(await study.subscriptions.channels({ platform: 'console', community: 'c1' })).toEqual([]);
  });

  it('GIVEN /quiz status THEN it shows the subscription, the schedule in its zone, the next firing in that zone AND the current round with its answer count', async () => {
    // The injected clock starts at 2026-11-28 00:30 UTC, 09:30 in Seoul: today's 09:00 firing has passed.
    const { dispatcher, study, clock } = await testStudy({ cron: '0 9 * * *', timezone: 'Asia/Seoul', start: '2026-11-28T00:30:00Z' });
    const ask = (subcommand: string) => dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options: {}, user: en });
    const fields = async () => Object.fromEntries(((await ask('status')).fields ?? []).map((field) => [field.name, field.value]));

    expect(await fields()).toEqual({
      Subscription: 'not subscribed',
      Schedule: 'daily at 09:00 (Asia/Seoul)',
      'Next question': '2026-11-29 09:00 (Asia/Seoul)',
      'Channel language': 'Korean',
      'Current round': 'none yet',
    });

    await ask('subscribe');
    const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, '2026-11-28'))!;
    const answer = study.rounds.question(round.questionId)!.answer;
    await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `2026-11-28:${answer}`, user: en });
    expect(await fields()).toEqual({
      Subscription: 'subscribed',
      Schedule: 'daily at 09:00 (Asia/Seoul)',
      'Next question': '2026-11-29 09:00 (Asia/Seoul)',
      'Channel language': 'Korean',
      'Current round': 'Nov 28 · 1 answered',
    });

    // At 09:00 sharp the next firing is tomorrow's: the first one strictly after now.
    clock.set('2026-11-29T00:00:00Z');
    expect((await fields())['Next question']).toBe('2026-11-30 09:00 (Asia/Seoul)');
  });

  it('GIVEN /streak and /leaderboard before any round THEN they say so plainly', async () => {
    expect((await run('/streak')).sections[0]).toContain('아직');
    expect((await run('/leaderboard')).sections[0]).toContain('아직 기록이 없어요');
  });

  it('GIVEN rounds played THEN /streak shows the calendar and /leaderboard the caller\'s rank', async () => {
    const { dispatcher, study } = await testStudy();
    for (const day of ['d1', 'd2', 'd3']) {
      const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, day))!;
      const answer = study.rounds.question(round.questionId)!.answer;
      if (day !== 'd2') await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${day}:${answer}`, user: ko });
    }
    const streak = await dispatcher.command({ kind: 'command', ...where, command: 'streak', options: {}, user: ko });
    expect(text(streak)).toContain('🟩⬜🟩');
    const board = await dispatcher.command({ kind: 'command', ...where, command: 'leaderboard', options: {}, user: ko });
    expect(text(board)).toContain('1. Min — 연속 1 · 맞힘 2');
    expect(board.footer).toBe('내 순위: 1위 / 1명 (연속 1, 맞힘 2)');
  });

  it('GIVEN a round answer press THEN the presser gets private feedback AND the channel copy shows only the count', async () => {
    const { dispatcher, study } = await testStudy();
    const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, 'd1'))!;
    const answer = study.rounds.question(round.questionId)!.answer;
    const outcome = await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `d1:${answer}`, user: ko });
    expect(outcome.reply?.visibility).toBe('requester');
    expect(outcome.reply?.sections[0]).toContain('정답이에요');
    expect(outcome.update?.footer).toContain('1명이 답했어요');
    expect(text(outcome.update!)).not.toContain(study.rounds.question(round.questionId)!.ko.explanation);
    const again = await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `d1:${answer}`, user: ko });
    expect(again.reply?.sections[0]).toContain('이미 이 라운드에 답했어요');
    expect(again.update).toBeUndefined();
  });

  it('GIVEN the same /define twice THEN the second is the first reply, frozen AND another language or term is its own reply AND /quiz is never reused', async () => {
    const { dispatcher } = await testStudy();
    const define = (term: string, user: User) => dispatcher.command({ kind: 'command', ...where, command: 'define', options: { term }, user });
    const first = await define('kubelet', ko);
    expect(await define('kubelet', { ...ko, id: 'someone-else' })).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.sections) && Object.isFrozen(first.buttons![0])).toBe(true);
    const inEnglish = await define('kubelet', en);
    expect(inEnglish).not.toBe(first);
    expect(inEnglish.sections.join('\n')).toContain('The agent on every node');
    expect((await define('pod', ko)).title).not.toBe(first.title);
    const quiz = () => dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'practice', options: {}, user: ko });
    expect(await quiz()).not.toBe(await quiz());
  });

  it('GIVEN a practice question handed to someone else WHEN another user presses it THEN they are told it is not theirs, not that they answered it AND nothing is graded', async () => {
    const { dispatcher, study } = await testStudy();
    const practice = await dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'practice', options: {}, user: ko });
    const button = practice.buttons!.find((candidate) => candidate.action === 'quiz.practice')!;
    const stranger: User = { ...en, id: 'u-stranger' };
    const press = (user: User) => dispatcher.action({ kind: 'action', ...where, action: button.action, payload: button.payload, user });
    const outcome = await press(stranger);
    expect(outcome.reply?.sections).toEqual([t('en', 'quiz.practiceNotYours')]);
    expect(outcome.update).toBeUndefined();
    // Their own next question is still theirs to answer, and the owner's press still counts.
    expect((await press(ko)).update?.footer).toMatch(/[01]\/1/);
    expect((await press(ko)).reply?.sections).toEqual([t('ko', 'quiz.practiceAlready')]);
    expect((await press(stranger)).reply?.sections).toEqual([t('en', 'quiz.practiceNotYours')]);
    expect(await study.practice.answer({ platform: 'console', community: 'c1' }, 'u-stranger', button.payload.split(':')[0]!, 'A')).toEqual({ status: 'notYours' });
  });

  it('GIVEN a practice question replaced by a newer /quiz before it was answered WHEN it is pressed THEN the user is told a newer one replaced it AND the newer one still counts', async () => {
    const { dispatcher, clock } = await testStudy();
    const ask = async () => (await dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'practice', options: {}, user: en })).buttons![0]!;
    const first = await ask();
    let second = first;
    for (let tries = 0; tries < 20 && second.payload === first.payload; tries += 1) {
      clock.advance(1000);
      second = await ask();
    }
    expect(second.payload).not.toBe(first.payload);
    const press = (button: typeof first) => dispatcher.action({ kind: 'action', ...where, action: button.action, payload: button.payload, user: en });
    expect((await press(first)).reply?.sections).toEqual([t('en', 'quiz.practiceReplaced')]);
    expect((await press(second)).update?.footer).toMatch(/^Practice accuracy: [01]\/1/);
  });

  it('GIVEN round presses THEN the observer hears of each stored answer once AND not of a second press or a practice answer', async () => {
    const heard: string[] = [];
    const { dispatcher, study } = await testStudy({ observer: { answerRecorded: (platform) => void heard.push(platform) } });
    const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, 'd1'))!;
    const press = (user: User, letter: string) => dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `d1:${letter}`, user });
    await press(ko, 'A');
    await press(ko, 'B');
    await press({ ...en, id: 'u2' }, 'C');
    const practice = await dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'practice', options: {}, user: ko });
    const practiceButton = practice.buttons!.find((button) => button.action === 'quiz.practice')!;
    await dispatcher.action({ kind: 'action', ...where, action: practiceButton.action, payload: practiceButton.payload, user: ko });
    expect(heard).toEqual(['console', 'console']);
    expect(round.roundId).toBe('d1');
  });
});

describe('bad input', () => {
  it.each([
    ['', '명령을 입력해 주세요'],
    ['   ', '명령을 입력해 주세요'],
    ['hello', '명령은 `/`로 시작해요'],
    ['/', '명령은 `/`로 시작해요'],
    ['/nope', '`/nope` 명령은 없어요'],
    ['/quiz dance', '`/quiz dance`는 없는 하위 명령이에요'],
    ['/define "kube', '따옴표가 닫히지 않았어요'],
  ])('GIVEN %j THEN a short clear reply', async (line, expected) => {
    expect(text(await run(line))).toContain(expected);
  });

  it('GIVEN 100 KB of input THEN it is refused as too long', async () => {
    expect(text(await run(`/define ${'k'.repeat(100_000)}`))).toContain('입력이 너무 길어요');
  });

  it('GIVEN control characters inside a term THEN they are dropped and the term is found', async () => {
    expect((await run('/define ku\u0000be\u0007let\u200b')).title).toBe('kubelet · 큐블릿');
  });

  it('GIVEN an answer to an unknown round or a malformed payload THEN a clear reply and nothing stored', async () => {
    const { dispatcher, study } = await testStudy();
    const press = (action: string, payload: string) => dispatcher.action({ kind: 'action', ...where, action, payload, user: ko });
    expect((await press('quiz.round', 'no-such-round:A')).reply?.sections[0]).toContain('찾을 수 없어요');
    expect((await press('quiz.round', 'garbage')).reply?.sections[0]).toContain('더 이상 쓸 수 없어요');
    expect((await press('unknown.thing', 'x')).reply?.sections[0]).toContain('더 이상 쓸 수 없어요');
    expect(await study.rounds.stats({ platform: 'console', community: 'c1' }, 'u1')).toBeUndefined();
  });

  it.each(['quiz.constructor|x', 'define.toString|x', 'quiz.__proto__|x', 'help.hasOwnProperty|x', 'quiz.valueOf|A', 'define.constructor|pod'])(
    'GIVEN a button id %j naming a built-in object member THEN it is an unknown button: the "no longer works" reply AND no error log',
    async (id) => {
      const lines: LogLine[] = [];
      const { dispatcher } = await testStudy({ logger: recordingLogger(lines) });
      const { action, payload } = decodeButtonId(id)!;
      const outcome = await dispatcher.action({ kind: 'action', ...where, action, payload, user: en });
      expect(outcome).toEqual({ reply: { visibility: 'requester', sections: [t('en', 'error.unknownAction')], tone: 'neutral' } });
      expect(lines).toEqual([]);
    },
  );

  it('GIVEN any line THEN parsing gives a request or a UserError, never anything else', async () => {
    const { dispatcher } = await testStudy();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }).map((s) => `/${s}`), fc.constantFrom('/define', '/quiz', '/streak').chain((c) => fc.string().map((s) => `${c} ${s}`))), (line) => {
        try {
          const parsed = parseCommandLine(line, dispatcher.commands);
          expect(typeof parsed.command).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('GIVEN any parsed line THEN the dispatcher always replies with at least one section', async () => {
    const { dispatcher } = await testStudy();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('define', 'quiz', 'streak', 'leaderboard', 'help'), fc.string({ maxLength: 100 }), async (command, rest) => {
        let request: CommandRequest;
        try {
          request = { kind: 'command', ...where, ...parseCommandLine(`/${command} ${rest}`, dispatcher.commands), user: ko };
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          return;
        }
        const reply = await dispatcher.command(request);
        expect(reply.sections.length + (reply.fields?.length ?? 0)).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('failures', () => {
  it('GIVEN the store is gone THEN the user gets a short apology AND the request is logged as a warning with context (the store logs the outage once as an error)', async () => {
    const lines: LogLine[] = [];
    const store = await createStore('sqlite:///tmp/studybot-closed-store.sqlite');
    await store.close();
    const { dispatcher } = await testStudy({ logger: recordingLogger(lines), store });
    const reply = await dispatcher.command({ kind: 'command', ...where, command: 'quiz', options: {}, user: ko });
    expect(reply.sections[0]).toBe(t('ko', 'error.store'));
    expect(lines.find((l) => l.level === 'warn')?.object).toMatchObject({ command: 'quiz', user: 'u1' });
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
