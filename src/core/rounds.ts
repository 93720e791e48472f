import { createHash } from 'node:crypto';
import { chapterOfEntry } from '../content/book.ts';
import type { Content, Letter, Question } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { AnswerApplier, NS_STATS, NS_TALLY, roundKey, type Tally } from './answer-applier.ts';
import type { UserStats } from './stats.ts';

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
  /** Streak freezes on for this round: the community's setting when the round opened (absent: on). */
  freezes?: boolean;
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
/** The communities that ever had a round, for the recovery at start. */
const NS_INDEX = 'roundsindex';
export const ROUNDS_SET = (community: string) => `rounds:${community}`;
const RECENT_KEPT = 30;

export class RoundEngine {
  private readonly questions: Map<string, Question>;
  private readonly applier: AnswerApplier;

  constructor(
    private readonly store: Store,
    private readonly content: Content,
    private readonly clock: Clock,
  ) {
    this.questions = new Map(content.trivia.map((question) => [question.id, question]));
    this.applier = new AnswerApplier(store, content);
  }

  question(id: string): Question | undefined {
    return this.questions.get(id);
  }

  /**
   * The bank in the order a community meets it: the questions of the chosen chapters (all when
   * none are chosen, or when the chosen ones have no questions), the book's first topic of the
   * first of them first, the rest in a fixed shuffle per community and cycle.
   */
  questionOrder(community: string, cycle: number, chapters?: readonly string[]): Question[] {
    const weight = (question: Question) => createHash('sha1').update(`${community}|${cycle}|${question.id}`).digest().readUInt32BE(0);
    const chosen = chapters && chapters.length > 0 ? this.content.trivia.filter((question) => chapters.includes(chapterOfEntry(question))) : [];
    const bank = chosen.length > 0 ? chosen : this.content.trivia;
    const firstChapter = this.content.book.chapters.find((chapter) => bank.some((question) => chapterOfEntry(question) === chapter.id));
    const firstTopic = firstChapter?.first_topic;
    const first = bank.filter((question) => question.topic === firstTopic);
    const rest = bank.filter((question) => question.topic !== firstTopic);
    return [...first.sort((a, b) => weight(a) - weight(b)), ...rest.sort((a, b) => weight(a) - weight(b))];
  }

  async communityRounds(community: string): Promise<CommunityRounds> {
    return (await this.store.get<CommunityRounds>(NS_COMMUNITY, community)) ?? emptyCommunity();
  }

  /** The round with its counts as derived from its answer log so far. */
  async round(community: string, roundId: string): Promise<RoundRecord | undefined> {
    const key = roundKey(community, roundId);
    const [round, tally] = await Promise.all([this.store.get<RoundRecord>(NS_ROUND, key), this.store.get<Tally>(NS_TALLY, key)]);
    return round && tally ? withTally(round, tally) : round;
  }

  async stats(community: string, userId: string): Promise<UserStats | undefined> {
    return this.store.get<UserStats>(NS_STATS, `${community}:${userId}`);
  }

  /**
   * Opens `roundId` for a community (idempotent: opening the current round again
   * returns it) and closes the round before it. Returns undefined when the bank is empty.
   */
  async open(community: string, roundId: string, options: { freezes?: boolean; chapters?: readonly string[] } = {}): Promise<{ round: RoundRecord; previous?: RoundRecord; created: boolean } | undefined> {
    if (this.content.trivia.length === 0) return undefined;
    let created = false;
    let previousId: string | undefined;
    const state = await this.store.update<CommunityRounds>(NS_COMMUNITY, community, (current = emptyCommunity()) => {
      if (current.current?.roundId === roundId) return current;
      created = true;
      previousId = current.current?.roundId;
      let { used, cycle } = current;
      let next = this.questionOrder(community, cycle, options.chapters).find((question) => !used.includes(question.id));
      if (!next) {
        cycle += 1;
        used = [];
        next = this.questionOrder(community, cycle, options.chapters)[0]!;
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
      ...(options.freezes === false ? { freezes: false } : {}),
    };
    if (created) await this.store.setIfAbsent(NS_ROUND, `${community}:${roundId}`, fresh);
    // Every round a community ever had, for a rebuild of its boards from the answer logs.
    if (created) await this.store.sets.add(ROUNDS_SET(community), roundId);
    if (created && current.seq === 1) {
      await this.store.update<string[]>(NS_INDEX, 'all', (communities = []) => (communities.includes(community) ? communities : [...communities, community]));
    }
    const round = (await this.round(community, roundId)) ?? fresh;
    const previous = previousId ? await this.close(community, previousId) : undefined;
    return previous ? { round, previous, created } : { round, created };
  }

  /**
   * Closes a round: its log refuses answers from here on, every answer it holds is counted,
   * and only then is the round marked closed, so the reveal's tally is final.
   */
  async close(community: string, roundId: string): Promise<RoundRecord | undefined> {
    const round = await this.store.get<RoundRecord>(NS_ROUND, roundKey(community, roundId));
    if (!round) return undefined;
    await this.store.answers.close(roundKey(community, roundId));
    const { tally } = await this.applier.apply(applied(round));
    const closed = await this.store.update<RoundRecord>(NS_ROUND, roundKey(community, roundId), (current) => {
      if (!current || current.status === 'closed') return current!;
      return { ...current, status: 'closed', closedAt: this.clock.now().toISOString() };
    });
    return withTally(closed, tally);
  }

  /** Recovers every community that ever had a round, and any others named (from before the index). */
  /** Every community that ever had a round. */
  async communities(): Promise<string[]> {
    return (await this.store.get<string[]>(NS_INDEX, 'all')) ?? [];
  }

  /** Every round a community had (from this version on; earlier ones: the last RECENT_KEPT), oldest first. */
  async allRounds(community: string): Promise<RoundRecord[]> {
    const ids = new Set([...(await this.store.sets.members(ROUNDS_SET(community))), ...(await this.communityRounds(community)).recent.map((item) => item.roundId)]);
    const rounds = await this.store.getMany<RoundRecord>(NS_ROUND, [...ids].map((roundId) => `${community}:${roundId}`));
    return rounds.filter((round) => round !== undefined).sort((a, b) => a.seq - b.seq);
  }

  /** Counts a round's log into the derived records (what a press, the close and the recovery do). */
  async count(round: RoundRecord): Promise<void> {
    await this.applier.apply(applied(round));
  }

  async recoverAll(others: Iterable<string> = []): Promise<void> {
    const indexed = (await this.store.get<string[]>(NS_INDEX, 'all')) ?? [];
    for (const community of new Set([...indexed, ...others])) await this.recover(community);
  }

  /**
   * After a crash or a restart: counts whatever the last rounds' logs hold that was not
   * counted yet, and closes a round that a new one replaced before it was closed.
   */
  async recover(community: string): Promise<void> {
    const state = await this.communityRounds(community);
    for (const { roundId } of state.recent.slice(-2)) {
      const round = await this.store.get<RoundRecord>(NS_ROUND, roundKey(community, roundId));
      if (!round) continue;
      if (roundId !== state.current?.roundId && round.status === 'open') await this.close(community, roundId);
      else await this.applier.apply(applied(round));
    }
  }

  async addPost(community: string, roundId: string, post: PostRef): Promise<void> {
    await this.store.update<RoundRecord>(NS_ROUND, `${community}:${roundId}`, (round) => {
      if (!round) throw new Error(`round ${community}:${roundId} does not exist`);
      const others = round.posts.filter((p) => !(p.channel === post.channel && p.platform === post.platform));
      return { ...round, posts: [...others, post] };
    });
  }

  /**
   * Records a user's answer: one write of one record to the round's answer log, first answer
   * wins, refused once the round is closed. The tally, the user's stats and the boards are
   * then counted from the log; a press that finds its answer already written counts the log
   * too, so an answer cut off from its counting by a crash is counted at the next press, the
   * close, or the start-up recovery, whichever comes first.
   */
  async answer(community: string, roundId: string, user: { id: string; name: string }, choice: Letter): Promise<AnswerResult> {
    const round = await this.store.get<RoundRecord>(NS_ROUND, roundKey(community, roundId));
    if (!round) return { status: 'unknown' };
    if (round.status === 'closed') return { status: 'closed' };
    const question = this.question(round.questionId);
    const outcome = await this.store.answers.record(roundKey(community, roundId), { user: user.id, name: user.name, choice, at: this.clock.now().toISOString() });
    if (outcome.status === 'closed') return { status: 'closed' };
    const { tally, stats } = await this.applier.apply(applied(round));
    if (outcome.status === 'already') return { status: 'already', choice: outcome.answer.choice };
    const mine = stats.get(user.id) ?? (await this.stats(community, user.id));
    const before = mine?.before?.seq === round.seq ? mine.before.state : null;
    const previousStreak = before && before.streak > 0 && before.lastSeq === round.seq - 1 ? before.streak : 0;
    return { status: 'recorded', ok: question?.answer === choice, streak: mine?.streak ?? 0, previousStreak, round: withTally(round, tally), question };
  }
}

function applied(round: RoundRecord) {
  return {
    community: round.community,
    roundId: round.roundId,
    seq: round.seq,
    questionId: round.questionId,
    freezes: round.freezes !== false,
    legacy: { tally: round.tally, answered: round.answered, right: round.right },
  };
}

function withTally(round: RoundRecord, tally: Tally): RoundRecord {
  return { ...round, tally: { A: 0, B: 0, C: 0, D: 0, ...tally.tally } as Record<Letter, number>, answered: tally.answered, right: tally.right };
}

function emptyCommunity(): CommunityRounds {
  return { seq: 0, recent: [], used: [], cycle: 0 };
}
