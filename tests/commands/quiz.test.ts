import { describe, expect, it } from 'vitest';
import { revealReply, roundQuestionReply } from '../../src/core/quiz-render.ts';
import type { User } from '../../src/core/request.ts';
import { roundIdFor } from '../../src/schedule/cron-schedule.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const en: User = { id: 'u1', displayName: 'Min', locale: 'en', canManage: true };
const ko: User = { ...en, locale: 'ko' };

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
    const roundId = roundIdFor(study.clock.now(), study.schedule);
    const { round } = (await study.rounds.open('console:c1', roundId))!;
    const question = study.rounds.question(round.questionId)!;
    expect(roundQuestionReply(question, round, 'ko').title).toBe('오늘의 퀴즈 · 12월 2일 02:47');
    expect(roundQuestionReply(question, round, 'en').title).toBe('Daily quiz · Dec 2, 02:47');
    expect(revealReply(question, round, 'en', study.search).title).toBe('Answer · Dec 2, 02:47');
    const status = await dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand: 'status', options: {}, user: en });
    expect(status.fields?.find((field) => field.name === 'Current round')?.value).toBe('Dec 2, 02:47 · 0 answered');
  });
});
