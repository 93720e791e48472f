import type { Command } from '../src/core/command.ts';
import { t } from '../src/core/i18n.ts';
import { readLeaderboard } from '../src/core/leaderboard.ts';
import { userText } from '../src/core/reply.ts';
import { communityOf } from '../src/core/request.ts';
import { currentStreak } from '../src/core/stats.ts';

const MEDALS = ['🥇', '🥈', '🥉'];

export default {
  name: 'leaderboard',
  description: { ko: '연속 정답 순위 상위 10명과 내 순위', en: 'Top 10 by current streak, and your own rank' },
  usage: '/leaderboard',
  async handle(request, study) {
    const locale = request.user.locale;
    const community = communityOf(request);
    const [rounds, mine] = await Promise.all([study.rounds.communityRounds(community), study.rounds.stats(community, request.user.id)]);
    const caller = mine ? { u: mine.userId, n: mine.name, s: currentStreak(mine, rounds.seq), c: mine.correct } : undefined;
    const standing = await readLeaderboard(study.store, community, rounds.seq, caller);
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
