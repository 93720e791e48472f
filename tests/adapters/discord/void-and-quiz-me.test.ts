/**
 * `/quiz void` and "quiz me" as Discord sees them: the real adapter and discord.js against the
 * fake Discord, the round posted by the real round job, and the void editing that very message
 * through the edit path main.ts connects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/core/i18n.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { roundLabel } from '../../../src/core/schedule-words.ts';
import { editPost, runRound } from '../../../src/schedule/round-job.ts';
import type { FakeMessage } from '../../fakes/fake-discord.ts';
import { buttonsOf, embedOf, GUILD_ID, type Harness, isEphemeral, PERMISSIONS, startHarness, stringOption, subcommand, textOf } from './harness.ts';

const REF = { platform: 'discord', community: GUILD_ID };
const MEMBER = { userId: '600000000000000021', locale: 'en-US' };

describe('Discord: /quiz void and "quiz me"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ defaultLocale: 'en' });
    h.core.study.posts.connect((post, reply) => editPost(post, reply, { adapters: { discord: h.adapter }, sleep: async () => undefined }));
    await h.command('quiz', [subcommand('subscribe')], { locale: 'en-US', permissions: PERMISSIONS.manager });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN the posted round answered WHEN a manager runs /quiz void with its id THEN the posted message says it is void, without buttons, AND the answer no longer counts', async () => {
    const { roundId } = await runRound(new Date('2026-11-28T00:00:00Z'), { study: h.core.study, adapters: { discord: h.adapter }, logger: silentLogger });
    const posted = [...h.fake.messages.values()].at(-1) as FakeMessage;
    const answer = buttonsOf(posted)[0]!;
    await h.press(answer.custom_id, posted, MEMBER);
    expect((await h.core.study.rounds.stats(REF, MEMBER.userId))?.answered).toBe(1);

    const { callback } = await h.command('quiz', [subcommand('void', [stringOption('round', roundId)])], { locale: 'en-US', permissions: PERMISSIONS.manager });
    expect(isEphemeral(callback.data)).toBe(true);
    expect(textOf(callback.data)).toBe(t('en', 'quiz.voided', { round: roundLabel(roundId, 'en'), answers: 1, edited: 1, posts: 1 }));
    // The community's channel language is Korean (the deployment's default in the test core).
    const edited = h.fake.messages.get(posted.id)!;
    expect(embedOf(edited).title).toBe(t('ko', 'quiz.voidedTitle', { round: roundLabel(roundId, 'ko') }));
    expect(textOf(edited)).toContain(t('ko', 'quiz.voidedNote'));
    expect(buttonsOf(edited)).toEqual([]);
    expect(await h.core.study.rounds.stats(REF, MEMBER.userId)).toBeUndefined();

    const again = await h.command('quiz', [subcommand('void', [stringOption('round', roundId)])], { locale: 'en-US', permissions: PERMISSIONS.manager });
    expect(textOf(again.callback.data)).toBe(t('en', 'quiz.voidAlready', { round: roundLabel(roundId, 'en') }));
    const member = await h.command('quiz', [subcommand('void', [stringOption('round', roundId)])], { locale: 'en-US', permissions: PERMISSIONS.member });
    expect(textOf(member.callback.data)).toBe(t('en', 'error.noPermission', { permission: 'Manage Server' }));
  });

  it('GIVEN /define kubelet in the channel WHEN a member presses "quiz me" THEN only they get a practice question on kubelet AND pressing a choice grades it in place', async () => {
    const { record, callback } = await h.command('define', [stringOption('term', 'kubelet')], MEMBER);
    const quizMe = buttonsOf(callback.data).find((button) => button.custom_id === 'quiz.term|kubelet');
    expect(quizMe?.label).toBe(t('en', 'define.quizMe'));
    const press = await h.press(quizMe!.custom_id, record.original, MEMBER);
    expect(press.callback.type).toBe(4);
    expect(isEphemeral(press.callback.data)).toBe(true);
    const id = embedOf(press.callback.data).footer!.text.split(' · ')[0]!;
    expect(h.core.study.rounds.question(id)?.terms).toContain('kubelet');
    const right = h.core.study.rounds.question(id)!.answer;
    const choice = buttonsOf(press.callback.data).find((button) => button.custom_id === `quiz.practice|${id}:${right}`)!;
    const message = { ...(press.callback.data as Record<string, unknown>), id: '700000000000000001', channel_id: posted() };
    const graded = await h.press(choice.custom_id, message, MEMBER);
    expect(graded.callback.type).toBe(7);
    expect(embedOf(graded.callback.data).footer?.text).toBe(t('en', 'quiz.practiceAccuracy', { right: 1, total: 1, percent: 100 }));
  });

  it('GIVEN a term no question asks about WHEN "quiz me" is pressed THEN only the presser is told there is none yet', async () => {
    const { record, callback } = await h.command('define', [stringOption('term', 'pod')], MEMBER);
    const quizMe = buttonsOf(callback.data).find((button) => button.custom_id === 'quiz.term|pod')!;
    const press = await h.press(quizMe.custom_id, record.original, MEMBER);
    expect(isEphemeral(press.callback.data)).toBe(true);
    expect(textOf(press.callback.data)).toBe(t('en', 'quiz.termNone', { term: 'Pod' }));
  });

  function posted(): string {
    return String(([...h.fake.messages.values()].at(-1) as FakeMessage).channel_id);
  }
});
