/** "Quiz me" on a definition: a practice question on that term, one not seen first, or a private "none yet". */
import { describe, expect, it } from 'vitest';
import { t } from '../../src/core/i18n.ts';
import { plainText } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { SHIPPED_CONTENT, testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };
const en: User = { id: 'u1', displayName: 'Min', locale: 'en', canManage: false };

describe('"quiz me" on a definition', () => {
  it('GIVEN /define kubelet WHEN its quiz-me button is pressed THEN the presser alone gets a practice question on kubelet AND answering it counts as practice', async () => {
    const { dispatcher, study } = await testStudy();
    const definition = await dispatcher.command({ kind: 'command', ...where, command: 'define', options: { term: 'kubelet' }, user: en });
    const button = definition.buttons?.find((candidate) => candidate.action === 'quiz.term');
    expect(button).toMatchObject({ label: t('en', 'define.quizMe'), payload: 'kubelet' });
    const outcome = await dispatcher.action({ kind: 'action', ...where, action: button!.action, payload: button!.payload, user: en });
    expect(outcome.reply?.visibility).toBe('requester');
    const id = outcome.reply!.footer!.split(' · ')[0]!;
    const question = study.rounds.question(id)!;
    expect(question.terms).toContain('kubelet');
    const graded = await dispatcher.action({ kind: 'action', ...where, action: 'quiz.practice', payload: `${id}:${question.answer}`, user: en });
    expect(graded.update?.footer).toBe(t('en', 'quiz.practiceAccuracy', { right: 1, total: 1, percent: 100 }));
  });

  it('GIVEN a term no question asks about THEN the presser alone is told there is none yet', async () => {
    const { dispatcher } = await testStudy();
    const outcome = await dispatcher.action({ kind: 'action', ...where, action: 'quiz.term', payload: 'pod', user: en });
    expect(outcome.reply?.visibility).toBe('requester');
    expect(outcome.update).toBeUndefined();
    expect(plainText(outcome.reply!.sections.join(''))).toBe(t('en', 'quiz.termNone', { term: 'Pod' }));
  });

  it('GIVEN a term several questions ask about AND each answered wrong THEN each press hands one the member has not seen yet, before the missed ones come back due', async () => {
    const { study, content, clock } = await testStudy({ contentDir: SHIPPED_CONTENT });
    const counts = new Map<string, number>();
    for (const question of content.trivia) for (const term of question.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const [term, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBeGreaterThan(2);
    const ref = { platform: 'console', community: 'c1' };
    const handed = new Set<string>();
    for (let i = 0; i < count; i += 1) {
      const { question } = (await study.practice.onTerm(ref, 'u1', term))!;
      expect(question.terms).toContain(term);
      handed.add(question.id);
      await study.practice.answer(ref, 'u1', question.id, question.answer === 'A' ? 'B' : 'A');
      // Long enough for every miss so far to be due again: still, one not seen comes first.
      clock.advance(30 * 60_000);
    }
    expect(handed.size).toBe(count);
  });
});
