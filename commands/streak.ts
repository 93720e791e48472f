import type { Command } from '../src/core/command.ts';
import { t } from '../src/core/i18n.ts';
import { notice, userText } from '../src/core/reply.ts';
import { communityOf } from '../src/core/request.ts';
import { currentStreak, FREEZE_EVERY, FREEZES_MAX, MARK_EMOJI, recentMarks } from '../src/core/stats.ts';

const CALENDAR_ROUNDS = 14;

export default {
  name: 'streak',
  description: { ko: '연속 정답 기록과 최근 라운드 달력', en: 'Your streak, totals and a calendar of recent rounds' },
  usage: '/streak [user]',
  options: [{ name: 'user', type: 'user', description: { ko: '다른 사람의 기록 보기', en: "Show someone else's record" } }],
  async handle(request, study) {
    const locale = request.user.locale;
    const target = request.options.user;
    const userId = typeof target === 'object' ? target.userId : request.user.id;
    const community = communityOf(request);
    const [stats, rounds] = await Promise.all([study.rounds.stats(community, userId), study.rounds.communityRounds(community)]);
    const name = userText(stats?.name ?? (typeof target === 'object' ? (target.displayName ?? target.userId) : request.user.displayName));
    if (!stats || stats.answered === 0) {
      return notice(t(locale, 'streak.none', { name }));
    }
    const { freezes: freezesOn } = await study.communities.plan(community);
    const recent = rounds.recent.slice(-CALENDAR_ROUNDS).map(({ seq }) => ({ seq, open: seq === rounds.current?.seq }));
    const calendar = recentMarks(stats, recent, freezesOn).map((mark) => MARK_EMOJI[mark]).join('');
    const held = stats.freezes ?? 0;
    const freezes = !freezesOn
      ? t(locale, 'streak.freezesOff')
      : held >= FREEZES_MAX
        ? t(locale, 'streak.freezesFull', { held })
        : t(locale, 'streak.freezesValue', { held, left: FREEZE_EVERY - (stats.freezeProgress ?? 0) });
    const accuracy = Math.round((stats.correct / stats.answered) * 100);
    const reviews = await study.practice.dueCount(community, userId);
    return {
      visibility: 'requester',
      title: t(locale, 'streak.title', { name }),
      sections: [],
      fields: [
        { name: t(locale, 'streak.current'), value: `🔥 ${currentStreak(stats, rounds.seq, freezesOn)}`, inline: true },
        { name: t(locale, 'streak.best'), value: `🏆 ${stats.best}`, inline: true },
        { name: t(locale, 'streak.totals'), value: `${stats.correct} / ${stats.answered}`, inline: true },
        { name: t(locale, 'streak.accuracy'), value: `${accuracy}%`, inline: true },
        { name: t(locale, 'streak.freezes'), value: freezes, inline: true },
        { name: t(locale, 'streak.reviews'), value: t(locale, 'streak.reviewsValue', { count: reviews }), inline: true },
        { name: t(locale, 'streak.recent'), value: calendar || t(locale, 'streak.noRounds') },
      ],
      footer: t(locale, 'streak.legend'),
      tone: 'info',
    };
  },
} satisfies Command;
