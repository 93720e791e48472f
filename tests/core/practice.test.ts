import { describe, expect, it } from 'vitest';
import { testStudy } from '../support/study.ts';

const C = { platform: 'console', community: 'practice' };

describe('practice', () => {
  it('GIVEN a new user THEN every question is met once before any repeats', async () => {
    const { study, content, clock } = await testStudy();
    const seen = new Set<string>();
    for (let i = 0; i < content.trivia.length; i += 1) {
      const question = (await study.practice.next(C, 'u1'))!.question;
      seen.add(question.id);
      await study.practice.answer(C, 'u1', question.id, question.answer);
      clock.advance(1000);
    }
    expect(seen.size).toBe(content.trivia.length);
  });

  it('GIVEN a missed question THEN it comes back before the ones answered right once its short interval passes', async () => {
    const { study, content, clock } = await testStudy();
    let missed: string | undefined;
    for (let i = 0; i < content.trivia.length; i += 1) {
      const question = (await study.practice.next(C, 'u2'))!.question;
      const wrong = question.answer === 'A' ? 'B' : 'A';
      if (!missed) missed = question.id;
      await study.practice.answer(C, 'u2', question.id, question.id === missed ? wrong : question.answer);
      clock.advance(1000);
    }
    clock.advance(30 * 60 * 1000);
    expect((await study.practice.next(C, 'u2'))!.question.id).toBe(missed);
  });

  it('GIVEN practice answers THEN accuracy counts them AND no round streak changes', async () => {
    const { study } = await testStudy();
    const question = (await study.practice.next(C, 'u3'))!.question;
    const result = await study.practice.answer(C, 'u3', question.id, question.answer);
    expect(result).toMatchObject({ status: 'graded', ok: true, record: { right: 1, total: 1 } });
    expect(await study.rounds.stats(C, 'u3')).toBeUndefined();
  });

  it('GIVEN a press on a question that is not the pending one THEN nothing changes and it says so', async () => {
    const { study } = await testStudy();
    const question = (await study.practice.next(C, 'u4'))!.question;
    await study.practice.answer(C, 'u4', question.id, 'A');
    expect(await study.practice.answer(C, 'u4', question.id, 'B')).toEqual({ status: 'already' });
    expect(await study.practice.answer(C, 'u4', 'no-such-question', 'B')).toEqual({ status: 'unknown' });
  });
});
