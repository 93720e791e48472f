import type { PeriodScore } from './period-boards.ts';

/**
 * A user's record in one community. Streaks count posted rounds, not days:
 * `lastSeq` is the sequence number of the round last answered right, so a
 * round that was posted and missed shows as a gap, and a round never posted
 * leaves no gap at all.
 */
export interface UserStats {
  userId: string;
  name: string;
  streak: number;
  best: number;
  lastSeq: number;
  correct: number;
  answered: number;
  /** Seq of the last round answered at all; first answer wins. */
  answeredSeq: number;
  answeredChoice?: string;
  /** Recent results by round seq, newest last (bounded). */
  history: Array<{ seq: number; ok: boolean }>;
  /**
   * The state just before the last answer was applied, so the boards can still be moved from it
   * when a crash came between this record and theirs (`null`: the user's first answer).
   */
  before?: { seq: number; state: { streak: number; lastSeq: number; correct: number; freezes?: number } | null; periods?: Record<string, PeriodScore> };
  /** Streak freezes held (❄️): one earned for every FREEZE_EVERY right answers in a row, at most FREEZES_MAX. */
  freezes?: number;
  /** Right answers in a row towards the next freeze. */
  freezeProgress?: number;
  /** Rounds a freeze covered (missed, streak kept), newest last (bounded). */
  frozen?: number[];
  /** Right and wrong answers per period (`2026-W49`, `2026-12`, `all`): the recent ones only. */
  periods?: Record<string, PeriodScore>;
}

/** Keeps all-time and the three newest weeks and months: a past board's own record holds the rest. */
export function recentPeriods(periods: Record<string, PeriodScore>): Record<string, PeriodScore> {
  const ids = Object.keys(periods);
  const newest = (pattern: RegExp) => ids.filter((id) => pattern.test(id)).sort().slice(-3);
  const kept = new Set(['all', ...newest(/^\d{4}-W\d{2}$/), ...newest(/^\d{4}-\d{2}$/)]);
  return Object.fromEntries(Object.entries(periods).filter(([id]) => kept.has(id)));
}

export const HISTORY_KEPT = 30;

export function newStats(userId: string, name: string): UserStats {
  return { userId, name, streak: 0, best: 0, lastSeq: 0, correct: 0, answered: 0, answeredSeq: 0, history: [] };
}

export const FREEZE_EVERY = 7;
export const FREEZES_MAX = 2;

/** Posted rounds missed since the last right answer, before round `seq`. */
const missedBefore = (stats: Pick<UserStats, 'lastSeq'>, seq: number) => seq - 1 - stats.lastSeq;

/**
 * The streak as it stands now: alive while its owner answered the round before the latest,
 * or held a freeze for each round missed since (freezes are used as rounds pass by).
 */
export function currentStreak(stats: UserStats, latestSeq: number, freezesOn = true): number {
  if (stats.streak <= 0) return 0;
  const missed = missedBefore(stats, latestSeq);
  return missed <= 0 || (freezesOn && missed <= (stats.freezes ?? 0)) ? stats.streak : 0;
}

export function applyAnswer(stats: UserStats, seq: number, choice: string, ok: boolean, name: string, freezesOn = true): UserStats {
  const missed = missedBefore(stats, seq);
  let freezes = stats.freezes ?? 0;
  let frozen = stats.frozen ?? [];
  let alive = stats.streak > 0 && missed === 0;
  // Rounds missed with a freeze in hand passed frozen: the streak stays alive through them.
  if (freezesOn && stats.streak > 0 && missed > 0 && missed <= freezes) {
    freezes -= missed;
    frozen = [...frozen, ...Array.from({ length: missed }, (_, i) => stats.lastSeq + 1 + i)].slice(-HISTORY_KEPT);
    alive = true;
  }
  const streak = ok ? (alive ? stats.streak + 1 : 1) : 0;
  let progress = ok ? (alive || missed <= 0 ? (stats.freezeProgress ?? 0) : 0) + 1 : 0;
  if (progress >= FREEZE_EVERY) {
    progress = 0;
    if (freezesOn) freezes = Math.min(FREEZES_MAX, freezes + 1);
  }
  const history = [...stats.history, { seq, ok }].slice(-HISTORY_KEPT);
  return {
    ...stats,
    name,
    streak,
    best: Math.max(stats.best, streak),
    lastSeq: ok ? seq : stats.lastSeq,
    correct: stats.correct + (ok ? 1 : 0),
    answered: stats.answered + 1,
    answeredSeq: seq,
    answeredChoice: choice,
    history,
    freezes,
    freezeProgress: progress,
    frozen,
  };
}

export type DayMark = 'right' | 'wrong' | 'missed' | 'frozen' | 'open';

/** Marks for the community's recent rounds, oldest first; a missed round a freeze covers (or will, as it passes) is frozen. */
export function recentMarks(stats: UserStats | undefined, rounds: Array<{ seq: number; open: boolean }>, freezesOn = true): DayMark[] {
  const results = new Map((stats?.history ?? []).map((item) => [item.seq, item.ok]));
  const frozen = new Set(stats?.frozen ?? []);
  const latest = rounds.at(-1)?.seq ?? 0;
  const covering = stats && freezesOn && currentStreak(stats, latest, true) > 0 ? stats.lastSeq : Number.POSITIVE_INFINITY;
  return rounds.map(({ seq, open }) => {
    const ok = results.get(seq);
    if (ok !== undefined) return ok ? 'right' : 'wrong';
    if (open) return 'open';
    return frozen.has(seq) || seq > covering ? 'frozen' : 'missed';
  });
}

export const MARK_EMOJI: Record<DayMark, string> = { right: '🟩', wrong: '🟥', missed: '⬜', frozen: '❄️', open: '▫️' };
