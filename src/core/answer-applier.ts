import type { Content } from '../content/schema.ts';
import type { LoggedAnswer } from '../store/answer-log.ts';
import { type CommunityRef, keys, NS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { applyResult, type Bucket, bucketSeqs, emptyBucket, emptyTotals, type RoundBoards, type Totals } from './leaderboard.ts';
import { ALL_TIME, applyPeriodResult, emptyPeriodBoard, type PeriodBoard, type PeriodScore } from './period-boards.ts';
import { periodsOfRound } from './periods.ts';
import { applyAnswer, newStats, recentPeriods, type UserStats } from './stats.ts';

const BATCH = 500;

/** A round's counts, derived from its answer log; `applied` is the last position counted. */
export interface Tally {
  tally: Record<string, number>;
  answered: number;
  right: number;
  applied: number;
}

/** What the applier needs to know of a round. */
export interface AppliedRound {
  ref: CommunityRef;
  roundId: string;
  seq: number;
  questionId: string;
  /** Whether streak freezes are on for this round (the community's setting when it opened). */
  freezes?: boolean;
  /** Counts kept in the round record by versions before the answer log; a tally starts from them. */
  legacy?: { tally: Record<string, number>; answered: number; right: number };
}

export interface ApplyResult {
  tally: Tally;
  /** The stats of the users whose answers this run counted. */
  stats: Map<string, UserStats>;
}


/**
 * Counts a round's logged answers into the tally, the users' stats and the boards. One
 * community is counted by one holder at a time (a store lock, so replicas take turns) in log
 * order, and every derived record notes the last position it holds: running it again after a
 * crash anywhere in between counts what is missing and nothing twice. Runs are coalesced: a
 * caller arriving while a run is under way waits for the next one, which sees its answer.
 */
export class AnswerApplier {
  private readonly runs = new Map<string, { current: Promise<ApplyResult>; next?: Promise<ApplyResult> }>();

  constructor(
    private readonly store: Store,
    private readonly content: Pick<Content, 'trivia'>,
  ) {}

  /** For each round, whether its log holds answers not counted yet (a crash between the write and the count); two reads however many rounds. */
  async uncounted(rounds: string[]): Promise<boolean[]> {
    if (rounds.length === 0) return [];
    const [cursors, last] = await Promise.all([this.store.getMany<{ idx: number }>(NS.applied, rounds), this.store.answers.lastPositions(rounds)]);
    return rounds.map((_, i) => last[i]! > (cursors[i]?.idx ?? 0));
  }

  apply(round: AppliedRound): Promise<ApplyResult> {
    const key = keys.round(round.ref, round.roundId);
    const running = this.runs.get(key);
    if (!running) {
      const current = this.run(round).finally(() => this.settle(key, current));
      this.runs.set(key, { current });
      return current;
    }
    if (!running.next) {
      running.next = running.current.catch(() => undefined).then(() => this.run(round));
    }
    return running.next;
  }

  private settle(key: string, finished: Promise<ApplyResult>): void {
    const running = this.runs.get(key);
    if (running?.current !== finished) return;
    if (running.next) {
      const current = running.next.finally(() => this.settle(key, current));
      this.runs.set(key, { current });
    } else {
      this.runs.delete(key);
    }
  }

  /**
   * Runs `work` holding the community's counting lock, with `count` to count a round inside it:
   * a void or a rebuild deletes and recounts derived records, and a press counted between the
   * deletion and the recount would be counted out of order.
   */
  exclusive<T>(ref: CommunityRef, work: (count: (round: AppliedRound) => Promise<ApplyResult>) => Promise<T>): Promise<T> {
    return this.store.lock(keys.applyLock(ref), () => work((round) => this.counted(round)));
  }

  private run(round: AppliedRound): Promise<ApplyResult> {
    return this.store.lock(keys.applyLock(round.ref), () => this.counted(round));
  }

  private async counted(given: AppliedRound): Promise<ApplyResult> {
    const key = keys.round(given.ref, given.roundId);
    const stats = new Map<string, UserStats>();
    // The round as it stands under the lock: a void may have taken it out of the count, or
    // moved it down the sequence, since the caller read it.
    const [record, stored] = await Promise.all([this.store.get<{ seq: number; voided?: unknown }>(NS.round, key), this.store.get<Tally>(NS.tally, key)]);
    let tally = stored ?? startingTally(given);
    if (record?.voided) return { tally, stats };
    const round = record ? { ...given, seq: record.seq } : given;
    // Bounded: each pass consumes a batch of a log that only grows by user presses.
    for (let pass = 0; pass < 10_000; pass += 1) {
      const cursor = (await this.store.get<{ idx: number }>(NS.applied, key))?.idx ?? 0;
      const answers = await this.store.answers.after(key, cursor, BATCH);
      if (answers.length === 0) break;
      tally = await this.applyBatch(round, answers, tally, stats);
      await this.store.set(NS.applied, key, { idx: answers.at(-1)!.idx });
    }
    return { tally, stats };
  }

  private async applyBatch(round: AppliedRound, answers: LoggedAnswer[], tally: Tally, applied: Map<string, UserStats>): Promise<Tally> {
    const { ref, seq } = round;
    const answer = this.content.trivia.find((question) => question.id === round.questionId)?.answer;
    const seqs = bucketSeqs(seq);
    const statsKeys = answers.map((entry) => keys.member(ref, entry.user));
    const periods = periodIdsOf(round.roundId);
    const [statsList, buckets, totals, periodBoards] = await Promise.all([
      this.store.getMany<UserStats>(NS.stats, statsKeys),
      this.store.getMany<Bucket>(NS.board, seqs.map((n) => keys.board(ref, n))),
      this.store.get<Totals>(NS.boardTotals, keys.community(ref)),
      this.store.getMany<PeriodBoard>(NS.periodBoard, periods.map((id) => keys.period(ref, id))),
    ]);
    const boardsOfPeriods = periods.map((id, index) => ({ id, board: periodBoards[index] ?? emptyPeriodBoard() }));
    const boards: RoundBoards = { buckets: new Map(seqs.map((n, i) => [n, buckets[i] ?? emptyBucket()])), totals: totals ?? emptyTotals() };
    const untouched = new Map([...boards.buckets].map(([n, bucket]) => [n, bucket.applied]));
    const next: Tally = { ...tally, tally: { ...tally.tally } };
    const changed = new Map<string, UserStats>();
    answers.forEach((entry, index) => {
      const ok = entry.choice === answer;
      const known = statsList[index];
      if (known && known.answeredSeq >= seq && known.before?.seq !== seq) return; // answered before the log existed
      if (entry.idx > next.applied) {
        next.tally[entry.choice] = (next.tally[entry.choice] ?? 0) + 1;
        next.answered += 1;
        next.right += ok ? 1 : 0;
        next.applied = entry.idx;
      }
      let user = known;
      let before: UserStats['before'];
      if (!user || user.answeredSeq < seq) {
        const base = user ?? newStats(entry.user, entry.name);
        const scores = user?.periods ?? {};
        before = { seq, state: user ? { streak: user.streak, lastSeq: user.lastSeq, correct: user.correct, freezes: user.freezes ?? 0 } : null, periods: pick(scores, periods) };
        const moved = Object.fromEntries(periods.map((id) => [id, scoreAfter(scores[id], ok, entry.at)]));
        user = { ...applyAnswer(base, seq, entry.choice, ok, entry.name, round.freezes !== false), before, periods: recentPeriods({ ...scores, ...moved }) };
        changed.set(statsKeys[index]!, user);
      } else {
        before = user.before;
      }
      applied.set(entry.user, user);
      const after = { streak: user.streak, correct: user.correct, freezes: user.freezes ?? 0 };
      const position = { seq, idx: entry.idx };
      applyResult(boards, { seq, userId: entry.user, name: user.name, before: before?.state ?? undefined, after }, position);
      for (const { id, board } of boardsOfPeriods) {
        const reached = user.periods?.[id];
        if (reached) applyPeriodResult(board, { userId: entry.user, name: user.name, before: before?.periods?.[id], after: reached }, position);
      }
    });
    await Promise.all([
      ...[...changed].map(([statsKey, user]) => this.store.set(NS.stats, statsKey, user)),
      this.store.set(NS.tally, keys.round(ref, round.roundId), next),
      ...[...boards.buckets].filter(([n, bucket]) => bucket.applied !== untouched.get(n)).map(([n, bucket]) => this.store.set(NS.board, keys.board(ref, n), bucket)),
      this.store.set(NS.boardTotals, keys.community(ref), boards.totals),
      ...boardsOfPeriods.map(({ id, board }) => this.store.set(NS.periodBoard, keys.period(ref, id), board)),
    ]);
    return next;
  }
}

/** The boards a round's answers count on: its week, its month (from the local date its id starts with) and all time. */
function periodIdsOf(roundId: string): string[] {
  const periods = periodsOfRound(roundId);
  return periods ? [periods.week.id, periods.month.id, ALL_TIME] : [ALL_TIME];
}

function scoreAfter(score: PeriodScore | undefined, ok: boolean, at: string): PeriodScore {
  const base = score ?? { c: 0, w: 0, at };
  return ok ? { c: base.c + 1, w: base.w, at } : { ...base, w: base.w + 1 };
}

function pick(scores: Record<string, PeriodScore>, ids: string[]): Record<string, PeriodScore> {
  return Object.fromEntries(ids.flatMap((id) => (scores[id] ? [[id, scores[id]]] : [])));
}

function startingTally(round: AppliedRound): Tally {
  const legacy = round.legacy;
  return { tally: { A: 0, B: 0, C: 0, D: 0, ...(legacy?.tally ?? {}) }, answered: legacy?.answered ?? 0, right: legacy?.right ?? 0, applied: 0 };
}
