/** `/leaderboard week|month|all [when]`: a period's board as a reply. */
import { type CommunityRef, communityId } from '../store/keys.ts';
import { type Locale, t } from './i18n.ts';
import { ALL_TIME, type PeriodScore, readPeriodBoard } from './period-boards.ts';
import { currentPeriod, type Period, type PeriodKind, parsePeriod, periodEnd, periodInWords } from './periods.ts';
import { type Reply, userText } from './reply.ts';
import type { Study } from './study.ts';

const MEDALS = ['🥇', '🥈', '🥉'];

function notice(text: string): Reply {
  return { visibility: 'requester', sections: [text], tone: 'neutral' };
}

export async function periodBoardReply(study: Study, ref: CommunityRef, user: { id: string; locale: Locale }, kind: PeriodKind | 'all', when: string | undefined): Promise<Reply> {
  const locale = user.locale;
  const plan = await study.communities.plan(ref);
  const now = study.clock.now();
  let period: Period | undefined;
  if (kind !== 'all') {
    const current = currentPeriod(kind, now, plan.timezone);
    period = when ? parsePeriod(kind, when) : current;
    const example = current.id;
    if (!period) return notice(t(locale, 'leaderboard.badWhen', { when: userText(when ?? ''), example }));
    if (period.id > current.id) return notice(t(locale, 'leaderboard.futureWhen', { when: userText(when ?? ''), example }));
  } else if (when) {
    return notice(t(locale, 'leaderboard.allNoWhen', { when: userText(when) }));
  }
  const periodId = period?.id ?? ALL_TIME;
  const mine = await study.rounds.stats(communityId(ref), user.id);
  const known: PeriodScore | undefined = mine?.periods?.[periodId];
  const standing = await readPeriodBoard(study.store, communityId(ref), periodId, user.id, known);
  const title = period ? t(locale, `leaderboard.${period.kind}Title`, { period: periodInWords(period, locale) }) : t(locale, 'leaderboard.allTitle');
  if (!standing || standing.rows.length === 0) {
    if (when) return notice(t(locale, 'leaderboard.noRounds', { when: userText(when), example: period?.id ?? '' }));
    return { visibility: 'channel', title, sections: [t(locale, 'leaderboard.periodEmpty')], tone: 'neutral' };
  }
  const lines = standing.rows.map((row, index) => {
    const line = t(locale, 'leaderboard.periodRow', { rank: index + 1, name: userText(row.n), right: row.c, wrong: row.w });
    return index < MEDALS.length ? `${MEDALS[index]} ${line}` : line;
  });
  const you = standing.caller;
  const footer = [you ? t(locale, 'leaderboard.periodYou', { rank: you.rank, total: standing.total, right: you.score.c, wrong: you.score.w }) : t(locale, 'leaderboard.youNone')];
  if (period && !when) footer.push(t(locale, 'leaderboard.resets', { at: resetWords(period, periodEnd(period, plan.timezone), plan.timezone, locale), zone: plan.timezone }));
  return { visibility: 'channel', title, sections: [lines.join('\n')], footer: footer.join('\n'), tone: 'info' };
}

/** `월요일 00:00` / "Monday 00:00" for a week's end, `1월 1일 00:00` / "Jan 1 00:00" for a month's. */
function resetWords(period: Period, at: Date, zone: string, locale: Locale): string {
  const tag = locale === 'ko' ? 'ko-KR' : 'en-US';
  const parts: Intl.DateTimeFormatOptions = period.kind === 'week' ? { weekday: 'long' } : { month: 'short', day: 'numeric' };
  const date = new Intl.DateTimeFormat(tag, { timeZone: zone, ...parts }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${date} ${time}`;
}
