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
  before?: { seq: number; state: { streak: number; lastSeq: number; correct: number } | null; periods?: Record<string, PeriodScore> };
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

/** The streak as it stands now: a streak whose owner missed a posted round has ended. */
export function currentStreak(stats: UserStats, latestSeq: number): number {
  return stats.streak > 0 && stats.lastSeq >= latestSeq - 1 ? stats.streak : 0;
}

export function applyAnswer(stats: UserStats, seq: number, choice: string, ok: boolean, name: string): UserStats {
  const alive = stats.streak > 0 && stats.lastSeq === seq - 1;
  const streak = ok ? (alive ? stats.streak + 1 : 1) : 0;
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
  };
}

export type DayMark = 'right' | 'wrong' | 'missed' | 'open';

/** Marks for the community's recent rounds, oldest first. */
export function recentMarks(stats: UserStats | undefined, rounds: Array<{ seq: number; open: boolean }>): DayMark[] {
  const results = new Map((stats?.history ?? []).map((item) => [item.seq, item.ok]));
  return rounds.map(({ seq, open }) => {
    const ok = results.get(seq);
    if (ok === undefined) return open ? 'open' : 'missed';
    return ok ? 'right' : 'wrong';
  });
}

export const MARK_EMOJI: Record<DayMark, string> = { right: '🟩', wrong: '🟥', missed: '⬜', open: '▫️' };
