import { createHash } from 'node:crypto';
import { chapterOfEntry } from '../content/book.ts';
import type { Content, Letter, Question } from '../content/schema.ts';
import { type CommunityRef, communityId, keys, NS, refOfMember, SETS, setMember } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { AnswerApplier, type Tally } from './answer-applier.ts';
import type { Clock } from './clock.ts';
import { heldQuestions } from './reports.ts';
import type { UserStats } from './stats.ts';

/** A posted copy of a round's question, so the reveal can edit it in place. */
export interface PostRef {
  platform: string;
  community: string;
  channel: string;
  messageId: string;
}

export interface RoundRecord {
  /** communityId() of the community, as every version wrote it; read for display only, never split. */
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
  /** Taken out of the count by `/quiz void` (src/core/round-void.ts): when, and by whom. */
  voided?: { at: string; by: string };
}

export interface CommunityRounds {
  seq: number;
  /** `voided`: the current round was voided, so the next round takes its place in the sequence. */
  current?: { roundId: string; seq: number; questionId: string; voided?: true };
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

export const RECENT_KEPT = 30;
/** Communities the start-up recovery reads at once. */
const RECOVER_BATCH = 500;

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
   * first of them first, the rest in a fixed shuffle per community and cycle. Hashed over the
   * community id as earlier versions did, so a community's order survives the upgrade; one hash
   * per question, not two per comparison (a firing that opens rounds for a thousand communities
   * spent most of its CPU re-hashing inside the sort).
   */
  questionOrder(ref: CommunityRef, cycle: number, chapters?: readonly string[]): Question[] {
    const seed = communityId(ref);
    const chosen = chapters && chapters.length > 0 ? this.content.trivia.filter((question) => chapters.includes(chapterOfEntry(question))) : [];
    const bank = chosen.length > 0 ? chosen : this.content.trivia;
    const weights = new Map(bank.map((question) => [question, createHash('sha1').update(`${seed}|${cycle}|${question.id}`).digest().readUInt32BE(0)]));
    const byWeight = (a: Question, b: Question) => weights.get(a)! - weights.get(b)!;
    const firstChapter = this.content.book.chapters.find((chapter) => bank.some((question) => chapterOfEntry(question) === chapter.id));
    const firstTopic = firstChapter?.first_topic;
    const first = bank.filter((question) => question.topic === firstTopic);
    const rest = bank.filter((question) => question.topic !== firstTopic);
    return [...first.sort(byWeight), ...rest.sort(byWeight)];
  }

  async communityRounds(ref: CommunityRef): Promise<CommunityRounds> {
    return (await this.store.get<CommunityRounds>(NS.rounds, keys.community(ref))) ?? emptyCommunity();
  }

  /** The round with its counts as derived from its answer log so far. */
  async round(ref: CommunityRef, roundId: string): Promise<RoundRecord | undefined> {
    const key = keys.round(ref, roundId);
    const [round, tally] = await Promise.all([this.store.get<RoundRecord>(NS.round, key), this.store.get<Tally>(NS.tally, key)]);
    return round && tally ? withTally(round, tally) : round;
  }

  async stats(ref: CommunityRef, userId: string): Promise<UserStats | undefined> {
    return this.store.get<UserStats>(NS.stats, keys.member(ref, userId));
  }

  /**
   * Opens `roundId` for a community (idempotent: opening the current round again
   * returns it) and closes the round before it. Returns undefined when the bank is empty.
   */
  async open(ref: CommunityRef, roundId: string, options: { freezes?: boolean; chapters?: readonly string[] } = {}): Promise<{ round: RoundRecord; previous?: RoundRecord; created: boolean } | undefined> {
    if (this.content.trivia.length === 0) return undefined;
    let created = false;
    let previousId: string | undefined;
    // Questions held by members' reports are passed over (and stay unused, so they come once resolved).
    const held = await heldQuestions(this.store, ref);
    const usable = (question: Question) => !held.has(question.id);
    const state = await this.store.update<CommunityRounds>(NS.rounds, keys.community(ref), (current = emptyCommunity()) => {
      if (current.current?.roundId === roundId) return current;
      created = true;
      previousId = current.current?.roundId;
      let { used, cycle } = current;
      let next = this.questionOrder(ref, cycle, options.chapters).find((question) => !used.includes(question.id) && usable(question));
      if (!next) {
        cycle += 1;
        used = [];
        const order = this.questionOrder(ref, cycle, options.chapters);
        // A bank held in full still gets a question: a daily round is never skipped for it.
        next = order.find(usable) ?? order[0]!;
      }
      const seq = current.current?.voided ? current.seq : current.seq + 1;
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
      community: communityId(ref),
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
    if (created) await this.store.setIfAbsent(NS.round, keys.round(ref, roundId), fresh);
    // Every round a community ever had, for a rebuild of its boards from the answer logs.
    if (created) await this.store.sets.add(SETS.roundsOf(ref), roundId);
    if (created && current.seq === 1) await this.store.sets.add(SETS.withRounds, setMember(ref));
    const round = (await this.round(ref, roundId)) ?? fresh;
    const previous = previousId ? await this.close(ref, previousId) : undefined;
    return previous ? { round, previous, created } : { round, created };
  }

  /**
   * Closes a round: its log refuses answers from here on, every answer it holds is counted,
   * and only then is the round marked closed, so the reveal's tally is final.
   */
  async close(ref: CommunityRef, roundId: string): Promise<RoundRecord | undefined> {
    const key = keys.round(ref, roundId);
    const round = await this.store.get<RoundRecord>(NS.round, key);
    if (!round) return undefined;
    await this.store.answers.close(key);
    const { tally } = await this.applier.apply(applied(ref, round));
    const closed = await this.store.update<RoundRecord>(NS.round, key, (current) => {
      if (!current || current.status === 'closed') return current!;
      return { ...current, status: 'closed', closedAt: this.clock.now().toISOString() };
    });
    return withTally(closed, tally);
  }

  /** Every community that ever opened a round (from this version on; earlier ones: those the subscriptions know). */
  async communities(): Promise<CommunityRef[]> {
    return (await this.store.sets.members(SETS.withRounds)).map(refOfMember);
  }

  /** Every round a community had (from this version on; earlier ones: the last RECENT_KEPT), oldest first. */
  async allRounds(ref: CommunityRef): Promise<RoundRecord[]> {
    const ids = new Set([...(await this.store.sets.members(SETS.roundsOf(ref))), ...(await this.communityRounds(ref)).recent.map((item) => item.roundId)]);
    const rounds = await this.store.getMany<RoundRecord>(NS.round, [...ids].map((roundId) => keys.round(ref, roundId)));
    return rounds.filter((round) => round !== undefined).sort((a, b) => a.seq - b.seq);
  }

  /** Runs `work` holding the community's counting lock; `count` counts a round inside it (a void, a rebuild). */
  exclusive<T>(ref: CommunityRef, work: (count: (round: RoundRecord) => Promise<void>) => Promise<T>): Promise<T> {
    return this.applier.exclusive(ref, (count) => work(async (round) => void (await count(applied(ref, round)))));
  }

  /** Counts a round's log into the derived records (what a press, the close and the recovery do). */
  async count(ref: CommunityRef, round: RoundRecord): Promise<void> {
    await this.applier.apply(applied(ref, round));
  }

  /**
   * Recovers every community that ever opened a round, and any others named (the communities
   * the subscriptions know, which covers rounds opened before this index existed), reading them
   * a batch at a time: most have nothing left to count, and finding that out costs two reads per
   * batch (the counted positions and the logs' last ones) rather than a locked count per round.
   */
  async recoverAll(others: Iterable<CommunityRef> = []): Promise<void> {
    const indexed = await this.store.sets.members(SETS.withRounds);
    const communities = [...new Set([...indexed, ...[...others].map(setMember)])].map(refOfMember);
    for (let from = 0; from < communities.length; from += RECOVER_BATCH) {
      const batch = communities.slice(from, from + RECOVER_BATCH);
      const states = await this.store.getMany<CommunityRounds>(NS.rounds, batch.map((ref) => keys.community(ref)));
      const recent = batch.flatMap((ref, i) => (states[i]?.recent.slice(-2) ?? []).map(({ roundId }) => ({ ref, roundId, current: states[i]?.current?.roundId === roundId })));
      const rounds = await this.store.getMany<RoundRecord>(
        NS.round,
        recent.map(({ ref, roundId }) => keys.round(ref, roundId)),
      );
      // A round is marked closed only once its closed log was counted in full: only open ones can hold answers not yet counted.
      const open = recent.flatMap((entry, i) => (rounds[i]?.status === 'open' ? [{ ...entry, round: rounds[i] }] : []));
      const stale = open.filter((entry) => !entry.current);
      const current = open.filter((entry) => entry.current);
      const uncounted = await this.applier.uncounted(current.map(({ ref, roundId }) => keys.round(ref, roundId)));
      // A community's older round is counted before its current one, as the stats expect.
      await Promise.all(stale.map(({ ref, roundId }) => this.close(ref, roundId)));
      await Promise.all(current.filter((_, i) => uncounted[i]).map(({ ref, round }) => this.applier.apply(applied(ref, round))));
    }
  }

  /** Adds a channel's post to the round; the round as it is now, so a poster can see it was voided meanwhile. */
  async addPost(ref: CommunityRef, roundId: string, post: PostRef): Promise<RoundRecord> {
    const key = keys.round(ref, roundId);
    return this.store.update<RoundRecord>(NS.round, key, (round) => {
      if (!round) throw new Error(`round ${key} does not exist`);
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
  async answer(ref: CommunityRef, roundId: string, user: { id: string; name: string }, choice: Letter): Promise<AnswerResult> {
    const key = keys.round(ref, roundId);
    const round = await this.store.get<RoundRecord>(NS.round, key);
    if (!round) return { status: 'unknown' };
    if (round.status === 'closed') return { status: 'closed' };
    const question = this.question(round.questionId);
    const outcome = await this.store.answers.record(key, { user: user.id, name: user.name, choice, at: this.clock.now().toISOString() });
    if (outcome.status === 'closed') return { status: 'closed' };
    const { tally, stats } = await this.applier.apply(applied(ref, round));
    if (outcome.status === 'already') return { status: 'already', choice: outcome.answer.choice };
    const mine = stats.get(user.id) ?? (await this.stats(ref, user.id));
    const before = mine?.before?.seq === round.seq ? mine.before.state : null;
    const previousStreak = before && before.streak > 0 && before.lastSeq === round.seq - 1 ? before.streak : 0;
    return { status: 'recorded', ok: question?.answer === choice, streak: mine?.streak ?? 0, previousStreak, round: withTally(round, tally), question };
  }
}

function applied(ref: CommunityRef, round: RoundRecord) {
  return {
    ref,
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
