import { createHash } from 'node:crypto';
import type { Content, Letter, Question } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { recordResult } from './leaderboard.ts';
import { applyAnswer, newStats, type UserStats } from './stats.ts';

/** A posted copy of a round's question, so the reveal can edit it in place. */
export interface PostRef {
  platform: string;
  community: string;
  channel: string;
  messageId: string;
}

export interface RoundRecord {
  community: string;
  roundId: string;
  seq: number;
  questionId: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt?: string;
  tally: Record<Letter, number>;
  answered: number;
  right: number;
  posts: PostRef[];
}

export interface CommunityRounds {
  seq: number;
  current?: { roundId: string; seq: number; questionId: string };
  recent: Array<{ seq: number; roundId: string }>;
  used: string[];
  cycle: number;
}

export type AnswerResult =
  | {
      status: 'recorded';
      ok: boolean;
      streak: number;
      /** The streak this answer continued or ended: 0 when there was none going into this round. */
      previousStreak: number;
      round: RoundRecord;
      question: Question | undefined;
    }
  | { status: 'already'; choice: string }
  | { status: 'closed' }
  | { status: 'unknown' };

const NS_COMMUNITY = 'rounds';
const NS_ROUND = 'round';
const NS_STATS = 'stats';
const RECENT_KEPT = 30;
/** Drift is the chapter's central problem, so a new community starts there. */
const FIRST_TOPIC = 'drift';

export class RoundEngine {
  private readonly questions: Map<string, Question>;

  constructor(
    private readonly store: Store,
    private readonly content: Content,
    private readonly clock: Clock,
  ) {
    this.questions = new Map(content.trivia.map((question) => [question.id, question]));
  }

  question(id: string): Question | undefined {
    return this.questions.get(id);
  }

  /** The bank in the order a community meets it: drift first, the rest in a fixed shuffle per community and cycle. */
  questionOrder(community: string, cycle: number): Question[] {
    const weight = (question: Question) => createHash('sha1').update(`${community}|${cycle}|${question.id}`).digest().readUInt32BE(0);
    const first = this.content.trivia.filter((question) => question.topic === FIRST_TOPIC);
    const rest = this.content.trivia.filter((question) => question.topic !== FIRST_TOPIC);
    return [...first.sort((a, b) => weight(a) - weight(b)), ...rest.sort((a, b) => weight(a) - weight(b))];
  }

  async communityRounds(community: string): Promise<CommunityRounds> {
    return (await this.store.get<CommunityRounds>(NS_COMMUNITY, community)) ?? emptyCommunity();
  }

  async round(community: string, roundId: string): Promise<RoundRecord | undefined> {
    return this.store.get<RoundRecord>(NS_ROUND, `${community}:${roundId}`);
  }

  async stats(community: string, userId: string): Promise<UserStats | undefined> {
    return this.store.get<UserStats>(NS_STATS, `${community}:${userId}`);
  }

  /**
   * Opens `roundId` for a community (idempotent: opening the current round again
   * returns it) and closes the round before it. Returns undefined when the bank is empty.
   */
  async open(community: string, roundId: string): Promise<{ round: RoundRecord; previous?: RoundRecord; created: boolean } | undefined> {
    if (this.content.trivia.length === 0) return undefined;
    let created = false;
    let previousId: string | undefined;
    const state = await this.store.update<CommunityRounds>(NS_COMMUNITY, community, (current = emptyCommunity()) => {
      if (current.current?.roundId === roundId) return current;
      created = true;
      previousId = current.current?.roundId;
      let { used, cycle } = current;
      let next = this.questionOrder(community, cycle).find((question) => !used.includes(question.id));
      if (!next) {
        cycle += 1;
        used = [];
        next = this.questionOrder(community, cycle)[0]!;
      }
      const seq = current.seq + 1;
      return {
        seq,
        current: { roundId, seq, questionId: next.id },
        recent: [...current.recent, { seq, roundId }].slice(-RECENT_KEPT),
        used: [...used, next.id],
        cycle,
      };
    });
    const current = state.current!;
    const fresh: RoundRecord = {
      community,
      roundId,
      seq: current.seq,
      questionId: current.questionId,
      status: 'open',
      openedAt: this.clock.now().toISOString(),
      tally: { A: 0, B: 0, C: 0, D: 0 },
      answered: 0,
      right: 0,
      posts: [],
    };
    if (created) await this.store.setIfAbsent(NS_ROUND, `${community}:${roundId}`, fresh);
    const round = (await this.round(community, roundId)) ?? fresh;
    const previous = previousId ? await this.close(community, previousId) : undefined;
    return previous ? { round, previous, created } : { round, created };
  }

  async close(community: string, roundId: string): Promise<RoundRecord | undefined> {
    if (!(await this.round(community, roundId))) return undefined;
    return this.store.update<RoundRecord>(NS_ROUND, `${community}:${roundId}`, (round) => {
      if (!round || round.status === 'closed') return round!;
      return { ...round, status: 'closed', closedAt: this.clock.now().toISOString() };
    });
  }

  async addPost(community: string, roundId: string, post: PostRef): Promise<void> {
    await this.store.update<RoundRecord>(NS_ROUND, `${community}:${roundId}`, (round) => {
      if (!round) throw new Error(`round ${community}:${roundId} does not exist`);
      const others = round.posts.filter((p) => !(p.channel === post.channel && p.platform === post.platform));
      return { ...round, posts: [...others, post] };
    });
  }

  /**
   * Records a user's answer; the first answer of a user to a round counts, later ones change nothing.
   *
   * The round record decides whether a press counts: the tally update re-checks the round's
   * status, so a press that overlaps the close (opening the next round) is either in the
   * reveal's tally or not counted at all. The order keeps a refused press from changing
   * anything: the user's record is claimed first (first answer wins), then the tally, and
   * only a counted press reaches the leaderboard; a press refused at the tally puts the
   * user's record back as it was.
   */
  async answer(community: string, roundId: string, user: { id: string; name: string }, choice: Letter): Promise<AnswerResult> {
    const round = await this.round(community, roundId);
    if (!round) return { status: 'unknown' };
    if (round.status === 'closed') return { status: 'closed' };
    const question = this.question(round.questionId);
    const ok = question?.answer === choice;
    const statsKey = `${community}:${user.id}`;
    let before: UserStats | undefined;
    let already: string | undefined;
    const after = await this.store.update<UserStats>(NS_STATS, statsKey, (stats) => {
      before = stats;
      const current = stats ?? newStats(user.id, user.name);
      if (current.answeredSeq >= round.seq) {
        already = current.answeredChoice ?? '?';
        return current;
      }
      return applyAnswer(current, round.seq, choice, ok, user.name);
    });
    if (already !== undefined) return { status: 'already', choice: already };
    let closed = false;
    const updated = await this.store.update<RoundRecord>(NS_ROUND, `${community}:${roundId}`, (current) => {
      const base = current ?? round;
      if (base.status === 'closed') {
        closed = true;
        return base;
      }
      return {
        ...base,
        tally: { ...base.tally, [choice]: (base.tally[choice] ?? 0) + 1 },
        answered: base.answered + 1,
        right: base.right + (ok ? 1 : 0),
      };
    });
    if (closed) {
      // Only this press can have recorded this round in the user's record (first answer wins),
      // and the round is closed, so no later press for it can; a record whose last answer is
      // this round goes back to what it was, a first-time player's back to no record at all.
      await this.store.update<UserStats | undefined>(NS_STATS, statsKey, (stats) => (stats && stats.answeredSeq === round.seq ? before : stats));
      return { status: 'closed' };
    }
    await recordResult(this.store, {
      community,
      seq: round.seq,
      userId: user.id,
      name: user.name,
      before: before ? { streak: before.streak, lastSeq: before.lastSeq, correct: before.correct } : undefined,
      after: { streak: after.streak, correct: after.correct },
    });
    const previousStreak = before && before.streak > 0 && before.lastSeq === round.seq - 1 ? before.streak : 0;
    return { status: 'recorded', ok, streak: after.streak, previousStreak, round: updated, question };
  }
}

function emptyCommunity(): CommunityRounds {
  return { seq: 0, recent: [], used: [], cycle: 0 };
}
