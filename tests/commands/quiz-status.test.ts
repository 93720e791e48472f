import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const en: User = { id: 'u1', displayName: 'Min', locale: 'en', canManage: true };

async function openRound(options: { subscribe?: boolean } = {}) {
  const setup = await testStudy({ cron: '0 9 * * *', timezone: 'Asia/Seoul', start: '2026-11-28T00:30:00Z' });
  const { dispatcher, study } = setup;
  const ask = (subcommand: string, user: User = en) => dispatcher.command({ kind: 'command', ...where, command: 'quiz', subcommand, options: {}, user });
  if (options.subscribe ?? true) await ask('subscribe');
  const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, '2026-11-28'))!;
  const question = study.rounds.question(round.questionId)!;
  const press = (button: { action: string; payload: string }, user: User = en) => dispatcher.action({ kind: 'action', ...where, ...button, user });
  return { ...setup, ask, round, question, press };
}

const text = (reply: Reply) => [reply.title, ...reply.sections, ...(reply.fields ?? []).map((f) => `${f.name} ${f.value}`)].join('\n');

describe('/quiz status and the open round', () => {
  it('GIVEN a subscribed channel with an open round the user has not answered WHEN /quiz status THEN it shows the question with its answer buttons, names /quiz practice, AND a press on them counts', async () => {
    const { ask, question, press, study } = await openRound();
    const status = await ask('status');
    expect(text(status)).toContain(question.en.question);
    expect(text(status)).toContain('/quiz practice');
    expect(status.fields?.find((field) => field.name === 'Current round')?.value).toBe('Nov 28 · 0 answered');
    expect(status.buttons?.map((button) => [button.label, button.action, button.payload])).toEqual([
      ['A', 'quiz.round', '2026-11-28:A'],
      ['B', 'quiz.round', '2026-11-28:B'],
      ['C', 'quiz.round', '2026-11-28:C'],
      ['D', 'quiz.round', '2026-11-28:D'],
      ['🚩', 'report.open', question.id],
    ]);
    const right = status.buttons!.find((button) => button.label === question.answer)!;
    const outcome = await press(right);
    expect(outcome.reply?.sections[0]).toContain(`Answer recorded (${question.answer})`);
    expect((await study.rounds.round({ platform: 'console', community: 'c1' }, '2026-11-28'))?.answered).toBe(1);
  });

  it('GIVEN the user already answered the open round THEN /quiz status shows no answer buttons AND another member still gets them', async () => {
    const { ask, question, press } = await openRound();
    await press({ action: 'quiz.round', payload: `2026-11-28:${question.answer}` });
    const mine = await ask('status');
    expect(mine.buttons ?? []).toEqual([]);
    expect(text(mine)).not.toContain(question.en.question);
    const other = await ask('status', { ...en, id: 'u2', displayName: 'Jun' });
    expect(other.buttons?.map((button) => button.payload)).toContain(`2026-11-28:${question.answer}`);
  });

  it('GIVEN a channel that is not subscribed, or a round that has closed, THEN /quiz status offers no buttons', async () => {
    const unsubscribed = await openRound({ subscribe: false });
    expect((await unsubscribed.ask('status')).buttons ?? []).toEqual([]);
    const closed = await openRound();
    await closed.study.rounds.close({ platform: 'console', community: 'c1' }, '2026-11-28');
    expect((await closed.ask('status')).buttons ?? []).toEqual([]);
  });
});
