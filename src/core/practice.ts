import { createHash } from 'node:crypto';
import { type Card, createEmptyCard, fsrs, Rating } from 'ts-fsrs';
import { inScope, type PracticeScope } from '../content/book.ts';
import type { Content, Letter, Question } from '../content/schema.ts';
import { type CommunityRef, keys, NS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { heldQuestions } from './reports.ts';

/** A spaced-repetition card as stored (dates as ISO strings, so the record stays plain JSON). */
type StoredCard = Omit<Card, 'due' | 'last_review'> & { due: string; last_review?: string };

/** Practice never touches streaks: it has its own record. */
export interface PracticeRecord {
  seen: Record<string, 'right' | 'wrong'>;
  right: number;
  total: number;
  /** FSRS cards per practised question: a miss comes back soon, a hit later and later. */
  cards?: Record<string, StoredCard>;
  /** The question handed out and not yet answered; a press on anything else changes nothing. */
  pending?: string;
  /**
   * Every question ever handed to this user (at most the bank), so a press on one they were never
   * given (someone else's) is told apart from one they answered or one a newer `/quiz` replaced.
   */
  offered?: string[];
  /**
   * Cards a daily round put into review and not practised since, per question: the round and the
   * card it replaced (none when it made a new one), so voiding the round can take the review back.
   */
  fromRounds?: Record<string, { round: string; before?: StoredCard }>;
}

export type PracticeAnswer =
  | { status: 'graded'; ok: boolean; question: Question; record: PracticeRecord }
  /** Answered before. */
  | { status: 'already' }
  /** Handed to this user but replaced by a newer question before they answered it. */
  | { status: 'replaced' }
  /** Never handed to this user: someone else's question. */
  | { status: 'notYours' }
  | { status: 'unknown' };

/** A question handed out; `review` when it came back because it was due (missed or wrong before). */
export interface Practised {
  question: Question;
  review: boolean;
}

const scheduler = fsrs();

function toStored(card: Card): StoredCard {
  const { due, last_review, ...rest } = card;
  return { ...rest, due: due.toISOString(), ...(last_review ? { last_review: last_review.toISOString() } : {}) };
}

function fromStored(card: StoredCard): Card {
  const { due, last_review, ...rest } = card;
  return { ...rest, due: new Date(due), ...(last_review ? { last_review: new Date(last_review) } : {}) } as Card;
}

export class PracticeEngine {
  private readonly questions: Map<string, Question>;

  constructor(
    private readonly store: Store,
    private readonly content: Content,
    private readonly clock: Clock,
  ) {
    this.questions = new Map(content.trivia.map((question) => [question.id, question]));
  }

  /**
   * Questions due for review come first (a miss is due again within minutes, and so is a daily
   * question answered wrong or missed), then questions never seen, then whichever card is due
   * soonest; only within `scope` (a topic or a chapter) when one is given. `review` says the
   * question came back for review.
   */
  async next(ref: CommunityRef, userId: string, scope?: PracticeScope): Promise<Practised | undefined> {
    const held = await heldQuestions(this.store, ref);
    const bank = this.content.trivia.filter((q) => !held.has(q.id) && (!scope || inScope(scope, q)));
    return this.hand(ref, userId, bank, 'due');
  }

  /** A question on a glossary term (one whose `terms` include it), one not seen yet first; undefined when there is none. */
  async onTerm(ref: CommunityRef, userId: string, termId: string): Promise<Practised | undefined> {
    const held = await heldQuestions(this.store, ref);
    return this.hand(ref, userId, this.content.trivia.filter((q) => q.terms.includes(termId) && !held.has(q.id)), 'unseen');
  }

  /** How many of the member's cards are due now: what `/quiz practice` serves as reviews before anything new. */
  async dueCount(ref: CommunityRef, userId: string): Promise<number> {
    const record = await this.store.get<PracticeRecord>(NS.practice, keys.member(ref, userId));
    const now = this.clock.now();
    return Object.entries(record?.cards ?? {}).filter(([id, card]) => this.questions.has(id) && new Date(card.due) <= now).length;
  }

  /**
   * Puts a daily question into a member's review, as if they had practised it and missed it at
   * `at` (FSRS "again"): due within a minute of then. A card they had is graded, a new one made.
   */
  async enterReview(ref: CommunityRef, userId: string, questionId: string, at: Date, roundId: string): Promise<void> {
    await this.store.update<PracticeRecord>(NS.practice, keys.member(ref, userId), (record = { seen: {}, right: 0, total: 0 }) => {
      if (record.fromRounds?.[questionId]?.round === roundId) return record;
      const previous = record.cards?.[questionId];
      const card = scheduler.next(previous ? fromStored(previous) : createEmptyCard(at), at, Rating.Again).card;
      const from = previous ? { round: roundId, before: previous } : { round: roundId };
      return { ...record, cards: { ...record.cards, [questionId]: toStored(card) }, fromRounds: { ...record.fromRounds, [questionId]: from } };
    });
  }

  /**
   * Takes back the review a voided round put in (the card as it was before, or none), unless the
   * member has practised the question since: that answer is their own and stays. Whether it did.
   */
  async leaveReview(ref: CommunityRef, userId: string, questionId: string, roundId: string): Promise<boolean> {
    const key = keys.member(ref, userId);
    const stored = await this.store.get<PracticeRecord>(NS.practice, key);
    if (stored?.fromRounds?.[questionId]?.round !== roundId) return false;
    let left = false;
    await this.store.update<PracticeRecord>(NS.practice, key, (record = { seen: {}, right: 0, total: 0 }) => {
      const from = record.fromRounds?.[questionId];
      if (from?.round !== roundId) return record;
      left = true;
      const { [questionId]: _entered, ...cards } = record.cards ?? {};
      const { [questionId]: _from, ...fromRounds } = record.fromRounds ?? {};
      return { ...record, cards: from.before ? { ...cards, [questionId]: from.before } : cards, fromRounds };
    });
    return left;
  }

  /** Hands one question of `bank` to the member: a due card first (`due`) or one never practised first (`unseen`). */
  private async hand(ref: CommunityRef, userId: string, bank: Question[], first: 'due' | 'unseen'): Promise<Practised | undefined> {
    if (bank.length === 0) return undefined;
    const now = this.clock.now();
    let chosen: Practised | undefined;
    await this.store.update<PracticeRecord>(NS.practice, keys.member(ref, userId), (record = { seen: {}, right: 0, total: 0 }) => {
      const cards = record.cards ?? {};
      const practised = bank.filter((q) => cards[q.id] !== undefined);
      const byDue = practised.sort((a, b) => cards[a.id]!.due.localeCompare(cards[b.id]!.due));
      const due = byDue.filter((q) => new Date(cards[q.id]!.due) <= now);
      const unseen = bank.filter((q) => cards[q.id] === undefined);
      const fresh = () => unseen[createHash('sha1').update(`${userId}|${now.getTime()}|${record.total}`).digest().readUInt32BE(0) % unseen.length];
      if (first === 'due' && due.length > 0) chosen = { question: due[0]!, review: true };
      else if (unseen.length > 0) chosen = { question: fresh()!, review: false };
      else if (due.length > 0) chosen = { question: due[0]!, review: true };
      else chosen = { question: byDue[0]!, review: false };
      const id = chosen.question.id;
      const offered = record.offered ?? [];
      return { ...record, pending: id, offered: offered.includes(id) ? offered : [...offered, id] };
    });
    return chosen;
  }

  async answer(ref: CommunityRef, userId: string, questionId: string, choice: Letter): Promise<PracticeAnswer> {
    const question = this.questions.get(questionId);
    if (!question) return { status: 'unknown' };
    const now = this.clock.now();
    let graded: PracticeRecord | undefined;
    let refused: PracticeAnswer = { status: 'already' };
    const ok = question.answer === choice;
    await this.store.update<PracticeRecord>(NS.practice, keys.member(ref, userId), (record = { seen: {}, right: 0, total: 0 }) => {
      if (record.pending !== questionId) {
        refused = { status: refusal(record, questionId) };
        return record;
      }
      const { pending: _answered, fromRounds, ...rest } = record;
      const previous = record.cards?.[questionId];
      // Practised now, the card is the member's own again: a void of the round leaves it alone.
      const { [questionId]: _practised, ...stillFromRounds } = fromRounds ?? {};
      const card = scheduler.next(previous ? fromStored(previous) : createEmptyCard(now), now, ok ? Rating.Good : Rating.Again).card;
      graded = {
        ...rest,
        seen: { ...record.seen, [questionId]: ok ? 'right' : 'wrong' },
        right: record.right + (ok ? 1 : 0),
        total: record.total + 1,
        cards: { ...record.cards, [questionId]: toStored(card) },
        ...(Object.keys(stillFromRounds).length > 0 ? { fromRounds: stillFromRounds } : {}),
      };
      return graded;
    });
    return graded ? { status: 'graded', ok, question, record: graded } : refused;
  }
}

/** Why a press on a question that is not the pending one changes nothing. */
function refusal(record: PracticeRecord, questionId: string): 'already' | 'replaced' | 'notYours' {
  if (record.seen[questionId] !== undefined) return 'already';
  return record.offered?.includes(questionId) ? 'replaced' : 'notYours';
}
