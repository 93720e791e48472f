/**
 * The weekly recap: posted with the first round of a new week, before its question, one per
 * channel and week: the week's top 3, how many took part, how many rounds were posted, and
 * the hardest question (lowest share right among rounds with an answer). Built from the
 * week's board and the rounds' tallies, both derived from the answer log.
 */
import { LETTERS } from '../content/schema.ts';
import { type Locale, t } from './i18n.ts';
import { NS_PERIOD_BOARD, type PeriodBoard, periodBoardKey } from './period-boards.ts';
import { type Period, periodInWords, periodsOfRound } from './periods.ts';
import { type Reply, userText } from './reply.ts';
import type { RoundRecord } from './rounds.ts';
import type { Study } from './study.ts';

const MEDALS = ['🥇', '🥈', '🥉'];

/** The week that ended, when `round` is the first of a new week after `previous`; undefined otherwise. */
export function endedWeek(previous: Pick<RoundRecord, 'roundId'> | undefined, round: Pick<RoundRecord, 'roundId'>): Period | undefined {
  if (!previous) return undefined;
  const before = periodsOfRound(previous.roundId)?.week;
  const now = periodsOfRound(round.roundId)?.week;
  return before && now && before.id !== now.id ? before : undefined;
}

/** The recap of `week` in `locale`, or undefined for a week nobody answered in. */
export async function weeklyRecap(study: Study, community: string, week: Period, locale: Locale): Promise<Reply | undefined> {
  const board = await study.store.get<PeriodBoard>(NS_PERIOD_BOARD, periodBoardKey(community, week.id));
  if (!board || board.count === 0) return undefined;
  const state = await study.rounds.communityRounds(community);
  const ids = state.recent.map((item) => item.roundId).filter((roundId) => periodsOfRound(roundId)?.week.id === week.id);
  const rounds = (await Promise.all(ids.map((roundId) => study.rounds.round(community, roundId)))).filter((round) => round !== undefined);
  const answered = rounds.filter((round) => round.answered > 0);
  const hardest = answered.sort((a, b) => a.right / a.answered - b.right / b.answered || a.seq - b.seq)[0];
  const top = board.top.slice(0, 3).map((entry, index) => `${MEDALS[index]} ${t(locale, 'recap.row', { name: userText(entry.n), right: entry.c })}`);
  const sections = [top.join('\n'), t(locale, 'recap.counts', { players: board.count, rounds: rounds.length })];
  const question = hardest ? study.rounds.question(hardest.questionId) : undefined;
  if (hardest && question) {
    const index = LETTERS.indexOf(question.answer);
    sections.push(
      t(locale, 'recap.hardest', {
        question: question[locale].question,
        letter: question.answer,
        choice: question[locale].choices[index] ?? '',
        share: Math.round((hardest.right / hardest.answered) * 100),
      }),
    );
  }
  return { visibility: 'channel', title: t(locale, 'recap.title', { period: periodInWords(week, locale) }), sections, tone: 'info' };
}
