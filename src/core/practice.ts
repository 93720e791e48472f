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
   * Questions due for review come first (a miss is due again within minutes), then
   * questions never seen, then whichever card is due soonest; only within `scope` (a topic or
   * a chapter) when one is given.
   */
  async next(ref: CommunityRef, userId: string, scope?: PracticeScope): Promise<Question | undefined> {
    const held = await heldQuestions(this.store, ref);
    const bank = this.content.trivia.filter((q) => !held.has(q.id) && (!scope || inScope(scope, q)));
    if (bank.length === 0) return undefined;
    const now = this.clock.now();
    let chosen: Question | undefined;
    await this.store.update<PracticeRecord>(NS.practice, keys.member(ref, userId), (record = { seen: {}, right: 0, total: 0 }) => {
      const cards = record.cards ?? {};
      const practised = bank.filter((q) => cards[q.id] !== undefined);
      const byDue = practised.sort((a, b) => cards[a.id]!.due.localeCompare(cards[b.id]!.due));
      const due = byDue.filter((q) => new Date(cards[q.id]!.due) <= now);
      const unseen = bank.filter((q) => cards[q.id] === undefined);
      if (due.length > 0) chosen = due[0];
      else if (unseen.length > 0) chosen = unseen[createHash('sha1').update(`${userId}|${now.getTime()}|${record.total}`).digest().readUInt32BE(0) % unseen.length];
      else chosen = byDue[0];
      const offered = record.offered ?? [];
      return { ...record, pending: chosen!.id, offered: offered.includes(chosen!.id) ? offered : [...offered, chosen!.id] };
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
      const { pending: _answered, ...rest } = record;
      const previous = record.cards?.[questionId];
      const card = scheduler.next(previous ? fromStored(previous) : createEmptyCard(now), now, ok ? Rating.Good : Rating.Again).card;
      graded = {
        ...rest,
        seen: { ...record.seen, [questionId]: ok ? 'right' : 'wrong' },
        right: record.right + (ok ? 1 : 0),
        total: record.total + 1,
        cards: { ...record.cards, [questionId]: toStored(card) },
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
