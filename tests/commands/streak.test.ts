import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/core/i18n.ts';
import type { User } from '../../src/core/request.ts';
import { MARK_EMOJI } from '../../src/core/stats.ts';
import { testStudy } from '../support/study.ts';

const where = { platform: 'console' as const, community: 'c1', channel: 'ch1' };

describe('/streak', () => {
  it.each(LOCALES)(
    'GIVEN an open round not yet answered (%s) THEN the calendar marks it AND the legend explains every mark the calendar can show',
    async (locale) => {
      const user: User = { id: 'u1', displayName: 'Min', locale, canManage: false };
      const { dispatcher, study } = await testStudy();
      const { round } = (await study.rounds.open({ platform: 'console', community: 'c1' }, 'd1'))!;
      const answer = study.rounds.question(round.questionId)!.answer;
      await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `d1:${answer}`, user });
      await study.rounds.open({ platform: 'console', community: 'c1' }, 'd2');
      const reply = await dispatcher.command({ kind: 'command', ...where, command: 'streak', options: {}, user });
      expect(reply.fields?.at(-1)?.value).toBe(`${MARK_EMOJI.right}${MARK_EMOJI.open}`);
      for (const emoji of Object.values(MARK_EMOJI)) expect(reply.footer, emoji).toContain(emoji);
    },
  );
});
