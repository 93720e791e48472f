/**
 * What the community dashboard shows, read for one community without touching a member record:
 * the boards through the readers `/leaderboard` uses (a few records at any size), the plan as
 * `/quiz status` words it, and the rounds with their tallies, the tally being the counts the
 * answer log already derived. Questions come from closed rounds only, and never the question
 * of the open round, even when an earlier closed round asked it too (a new cycle repeats
 * questions): the page must not give away what is being asked right now.
 */
import { topicName } from '../content/book.ts';
import { LETTERS, type Letter } from '../content/schema.ts';
import { type CommunityRef, keys, NS, SETS } from '../store/keys.ts';
import type { Tally } from './answer-applier.ts';
import { type Locale, t } from './i18n.ts';
import { readLeaderboard } from './leaderboard.ts';
import { ALL_TIME, readPeriodBoard } from './period-boards.ts';
import { currentPeriod, periodInWords } from './periods.ts';
import { nextQuestion, nextQuestionText } from './quiz-plan.ts';
import type { RoundRecord } from './rounds.ts';
import { roundLabel, scheduleInWords } from './schedule-words.ts';
import type { Study } from './study.ts';

export const BOARD_PERIODS = ['streak', 'week', 'month', 'all'] as const;
export type BoardPeriod = (typeof BOARD_PERIODS)[number];

export function isBoardPeriod(value: string | null | undefined): value is BoardPeriod {
  return (BOARD_PERIODS as readonly (string | null | undefined)[]).includes(value);
}

/** Rounds in the participation chart. */
export const PARTICIPATION_ROUNDS = 30;
export const HARDEST_SHOWN = 5;
const BOARD_ROWS = 10;

export interface BoardRow {
  rank: number;
  name: string;
  right: number;
  /** The streak board's current streak. */
  streak?: number;
  /** The period boards' wrong answers. */
  wrong?: number;
}

export interface DashboardBoard {
  period: BoardPeriod;
  /** The week or month in words (`12월 1일–7일`), for the period boards that have one. */
  when?: string;
  rows: BoardRow[];
  total: number;
}

export interface RoundPoint {
  roundId: string;
  label: string;
  answered: number;
  right: number;
}

export interface TopicShare {
  topic: string;
  name: string;
  answered: number;
  right: number;
  /** right / answered, 0 to 1. */
  share: number;
}

export interface HardQuestion {
  id: string;
  question: string;
  answer: Letter;
  choice: string;
  answered: number;
  right: number;
  share: number;
}

export interface DashboardData {
  plan: { schedule: string; next: string; language: string };
  board: DashboardBoard;
  participation: RoundPoint[];
  topics: TopicShare[];
  hardest: HardQuestion[];
}

export async function dashboardData(study: Study, ref: CommunityRef, period: BoardPeriod, locale: Locale): Promise<DashboardData> {
  const [plan, rounds] = await Promise.all([study.communities.plan(ref), study.rounds.communityRounds(ref)]);
  const [board, { closed, openQuestions }, next] = await Promise.all([
    readBoard(study, ref, period, plan, rounds.seq, locale),
    closedRounds(study, ref, rounds.recent),
    nextQuestion(study, ref, plan),
  ]);
  // The current round's question even before its record is written (a firing under way).
  if (rounds.current && !closed.some((round) => round.roundId === rounds.current?.roundId)) openQuestions.add(rounds.current.questionId);
  return {
    plan: {
      schedule: scheduleInWords(plan.cron, plan.timezone, locale),
      next: nextQuestionText(next, plan, locale),
      language: t(locale, `language.${plan.locale}`),
    },
    board,
    participation: closed
      .slice(-PARTICIPATION_ROUNDS)
      .map((round) => ({ roundId: round.roundId, label: roundLabel(round.roundId, locale), answered: round.answered, right: round.right })),
    ...byQuestion(study, closed, openQuestions, locale),
  };
}

async function readBoard(
  study: Study,
  ref: CommunityRef,
  period: BoardPeriod,
  plan: { timezone: string; freezes: boolean },
  seq: number,
  locale: Locale,
): Promise<DashboardBoard> {
  if (period === 'streak') {
    const standing = await readLeaderboard(study.store, ref, seq, undefined, BOARD_ROWS, plan.freezes);
    return { period, total: standing.total, rows: standing.rows.map((row, index) => ({ rank: index + 1, name: row.n, streak: row.s, right: row.c })) };
  }
  const current = period === 'all' ? undefined : currentPeriod(period, study.clock.now(), plan.timezone);
  // Nobody is asking: the viewer of the page is not a member, so there is no caller to rank.
  const standing = await readPeriodBoard(study.store, ref, current?.id ?? ALL_TIME, '', undefined, BOARD_ROWS);
  const rows = (standing?.rows ?? []).map((row, index) => ({ rank: index + 1, name: row.n, right: row.c, wrong: row.w }));
  return { period, rows, total: standing?.total ?? 0, ...(current ? { when: periodInWords(current, locale) } : {}) };
}

/**
 * Every closed round of the community with its derived tally, oldest first, and the questions of
 * the rounds not closed (the current one, and any a restart has yet to close): two batched reads after the index.
 */
async function closedRounds(
  study: Study,
  ref: CommunityRef,
  recent: Array<{ roundId: string }>,
): Promise<{ closed: RoundRecord[]; openQuestions: Set<string> }> {
  const ids = [...new Set([...(await study.store.sets.members(SETS.roundsOf(ref))), ...recent.map((item) => item.roundId)])];
  const roundKeys = ids.map((roundId) => keys.round(ref, roundId));
  const [records, tallies] = await Promise.all([study.store.getMany<RoundRecord>(NS.round, roundKeys), study.store.getMany<Tally>(NS.tally, roundKeys)]);
  const closed: RoundRecord[] = [];
  const openQuestions = new Set<string>();
  records.forEach((round, i) => {
    if (round && round.status !== 'closed') openQuestions.add(round.questionId);
    if (round?.status !== 'closed') return;
    const tally = tallies[i];
    closed.push(tally ? { ...round, answered: tally.answered, right: tally.right } : round);
  });
  return { closed: closed.sort((a, b) => a.seq - b.seq), openQuestions };
}

function byQuestion(study: Study, closed: RoundRecord[], openQuestions: ReadonlySet<string>, locale: Locale): Pick<DashboardData, 'topics' | 'hardest'> {
  const questions = new Map<string, { answered: number; right: number }>();
  const topics = new Map<string, { answered: number; right: number }>();
  for (const round of closed) {
    const question = study.rounds.question(round.questionId);
    if (!question || round.answered === 0) continue;
    for (const [map, key] of [
      [questions, question.id],
      [topics, question.topic],
    ] as const) {
      const sum = map.get(key) ?? { answered: 0, right: 0 };
      map.set(key, { answered: sum.answered + round.answered, right: sum.right + round.right });
    }
  }
  const topicShares = [...topics]
    .map(([topic, sum]) => ({ topic, name: topicName(study.content.book, topic, locale), ...sum, share: sum.right / sum.answered }))
    .sort((a, b) => a.share - b.share || a.name.localeCompare(b.name));
  const hardest = [...questions]
    .filter(([id]) => !openQuestions.has(id))
    .map(([id, sum]) => ({ id, ...sum, share: sum.right / sum.answered }))
    .sort((a, b) => a.share - b.share || b.answered - a.answered || (a.id < b.id ? -1 : 1))
    .slice(0, HARDEST_SHOWN)
    .flatMap(({ id, answered, right, share }) => {
      const question = study.rounds.question(id);
      if (!question) return [];
      const text = question[locale];
      const choice = text.choices[LETTERS.indexOf(question.answer)] ?? '';
      return [{ id, question: text.question, answer: question.answer, choice, answered, right, share }];
    });
  return { topics: topicShares, hardest };
}
