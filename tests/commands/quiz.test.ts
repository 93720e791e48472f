import { describe, expect, it } from 'vitest';
import { LETTERS } from '../../src/content/schema.ts';
import { revealReply, roundQuestionReply } from '../../src/core/quiz-render.ts';
import type { User } from '../../src/core/request.ts';
import { cronSchedule, roundIdFor } from '../../src/schedule/cron-schedule.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const en: User = { id: 'u1', displayName: 'Min', locale: 'en', canManage: true };
const ko: User = { ...en, locale: 'ko' };

async function rounds(user: User) {
  const { dispatcher, study } = await testStudy();
  /** Opens a round and presses the right or a wrong letter on it; the presser's feedback. */
  const play = async (roundId: string, right: boolean) => {
    const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, roundId))!;
    const answer = study.rounds.question(round.questionId)!.answer;
    const letter = right ? answer : LETTERS.find((candidate) => candidate !== answer)!;
    const outcome = await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `${roundId}:${letter}`, user });
    return outcome.reply!.sections.join('\n');
  };
  const skip = async (roundId: string) => void (await study.rounds.open({ platform: 'console', community: 'c1' }, roundId));
  return { play, skip };
}

describe('/quiz round feedback', () => {
  it('GIVEN a wrong first answer THEN no streak is said to end AND the reveal is announced once', async () => {
    const { play } = await rounds(en);
    const feedback = await play('d1', false);
    expect(feedback).toContain('Not quite. ❌');
    expect(feedback).not.toMatch(/streak/i);
    expect(feedback.match(/explanation/gi)).toHaveLength(1);
  });

  it('GIVEN a streak going into the round AND a wrong answer THEN the streak, with its length, is said to end', async () => {
    const { play } = await rounds(en);
    expect(await play('d1', true)).toContain('Your streak is now 1.');
    expect(await play('d2', true)).toContain('Your streak is now 2.');
    const feedback = await play('d3', false);
    expect(feedback).toContain('Your streak of 2 has ended.');
    expect(feedback.match(/explanation/gi)).toHaveLength(1);
  });

  it('GIVEN a streak that a missed round already ended THEN a wrong answer does not end it again', async () => {
    const { play, skip } = await rounds(ko);
    expect(await play('d1', true)).toContain('현재 연속 정답: 1');
    await skip('d2');
    const feedback = await play('d3', false);
    expect(feedback).toContain('아쉽지만 오답이에요. ❌');
    expect(feedback).not.toContain('연속');
  });

  it('GIVEN a streak in Korean AND a wrong answer THEN it says which streak ended', async () => {
    const { play } = await rounds(ko);
    await play('d1', true);
    expect(await play('d2', false)).toContain('1회 연속 기록이 끝났어요.');
  });
});

describe('/quiz schedule and round names', () => {
  const ask = async (options: Parameters<typeof testStudy>[0], subcommand: string, user: User = en) => {
    const { dispatcher } = await testStudy(options);
    return dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options: {}, user });
  };
  const scheduleField = async (cron: string, timezone: string, user: User = en) =>
    (await ask({ cron, timezone }, 'status', user)).fields?.find((field) => field.name === (user.locale === 'ko' ? '일정' : 'Schedule'))?.value;

  it('GIVEN a common schedule THEN /quiz status and subscribe say it in words, without the raw cron', async () => {
    expect(await scheduleField('30 21 * * 1-5', 'Europe/Berlin')).toBe('weekdays at 21:30 (Europe/Berlin)');
    expect(await scheduleField('30 21 * * 1-5', 'Europe/Berlin', ko)).toBe('평일 21:30 (Europe/Berlin)');
    const subscribed = await ask({ cron: '0 9 * * *', timezone: 'Asia/Seoul' }, 'subscribe', ko);
    expect(subscribed.sections[0]).toContain('일정: 매일 09:00 (Asia/Seoul)');
    expect(subscribed.sections[0]).not.toContain('`');
  });

  it('GIVEN an odd schedule THEN the raw cron is shown', async () => {
    expect(await scheduleField('0 9 1 * *', 'Asia/Seoul')).toBe('custom schedule `0 9 1 * *` (Asia/Seoul)');
  });

  it('GIVEN a sub-daily schedule THEN the round question, its reveal and /quiz status name the round by a date and time a person reads', async () => {
    // 2026-12-01 17:47 UTC is 02:47 on Dec 2 in Seoul.
    const { dispatcher, study } = await testStudy({ cron: '47 * * * *', timezone: 'Asia/Seoul', start: '2026-12-01T17:47:00Z' });
    const roundId = roundIdFor(study.clock.now(), cronSchedule('47 * * * *', 'Asia/Seoul'));
    const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, roundId))!;
    const question = study.rounds.question(round.questionId)!;
    expect(roundQuestionReply(question, round, 'ko', study.content.book).title).toBe('오늘의 퀴즈 · 12월 2일 02:47');
    expect(roundQuestionReply(question, round, 'en', study.content.book).title).toBe('Daily quiz · Dec 2, 02:47');
    expect(revealReply(question, round, 'en', study.search).title).toBe('Answer · Dec 2, 02:47');
    const status = await dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'status', options: {}, user: en });
    expect(status.fields?.find((field) => field.name === 'Current round')?.value).toBe('Dec 2, 02:47 · 0 answered');
  });
});
