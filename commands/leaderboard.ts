import type { Command } from '../src/core/command.ts';
import { t } from '../src/core/i18n.ts';
import { readLeaderboard } from '../src/core/leaderboard.ts';
import { periodBoardReply } from '../src/core/period-board-reply.ts';
import { userText } from '../src/core/reply.ts';
import { communityKey } from '../src/core/request.ts';
import { currentStreak } from '../src/core/stats.ts';

const MEDALS = ['🥇', '🥈', '🥉'];

export default {
  name: 'leaderboard',
  description: { ko: '순위: 연속 정답(기본), 주간, 월간, 전체 기간', en: 'Boards: current streak (default), this week, this month, all time' },
  usage: '/leaderboard [streak|week|month|all] [when]',
  options: [
    { name: 'period', type: 'string', choices: ['streak', 'week', 'month', 'all'], description: { ko: 'streak(기본), week, month, all', en: 'streak (default), week, month, all' } },
    { name: 'when', type: 'string', description: { ko: '지난 기간: 2026-W48 또는 2026-11', en: 'A past period: 2026-W48 or 2026-11' } },
  ],
  async handle(request, study) {
    const locale = request.user.locale;
    // Slack and the console type `/leaderboard month 2026-11`: both words arrive in the first option.
    const [typed = 'streak', typedWhen] = String(request.options.period ?? 'streak').trim().split(/\s+/);
    const period = typed.toLowerCase();
    const when = typeof request.options.when === 'string' && request.options.when.trim() ? request.options.when.trim() : typedWhen;
    if (period === 'week' || period === 'month' || period === 'all') {
      return periodBoardReply(study, { platform: request.platform, community: request.community }, request.user, period, when);
    }
    if (period !== 'streak') return { visibility: 'requester', sections: [t(locale, 'leaderboard.badPeriod', { period: userText(period.slice(0, 30)) })], tone: 'neutral' };
    const community = communityKey(request);
    const [rounds, mine] = await Promise.all([study.rounds.communityRounds(community), study.rounds.stats(community, request.user.id)]);
    const { freezes } = await study.communities.plan({ platform: request.platform, community: request.community });
    const caller = mine ? { u: mine.userId, n: mine.name, s: currentStreak(mine, rounds.seq, freezes), c: mine.correct } : undefined;
    const standing = await readLeaderboard(study.store, community, rounds.seq, caller, 10, freezes);
    if (standing.rows.length === 0) {
      return { visibility: 'channel', title: t(locale, 'leaderboard.title'), sections: [t(locale, 'leaderboard.empty')], tone: 'neutral' };
    }
    const lines = standing.rows.map((row, index) => {
      const line = t(locale, 'leaderboard.row', { rank: index + 1, name: userText(row.n), streak: row.s, correct: row.c });
      return index < MEDALS.length ? `${MEDALS[index]} ${line}` : line;
    });
    const you = standing.caller
      ? t(locale, 'leaderboard.you', { rank: standing.caller.rank, total: standing.total, streak: standing.caller.entry.s, correct: standing.caller.entry.c })
      : t(locale, 'leaderboard.youNone');
    return { visibility: 'channel', title: t(locale, 'leaderboard.title'), sections: [lines.join('\n')], footer: you, tone: 'info' };
  },
} satisfies Command;
