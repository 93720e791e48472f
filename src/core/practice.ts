import { createHash } from 'node:crypto';
import type { Content, Letter, Question } from '../content/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';

/** Practice never touches streaks: it has its own record. */
export interface PracticeRecord {
  seen: Record<string, 'right' | 'wrong'>;
  right: number;
  total: number;
  /** The question handed out and not yet answered; a press on anything else changes nothing. */
  pending?: string;
}

export type PracticeAnswer =
  | { status: 'graded'; ok: boolean; question: Question; record: PracticeRecord }
  | { status: 'already' }
  | { status: 'unknown' };

const NS = 'practice';

export class PracticeEngine {
  private readonly questions: Map<string, Question>;

  constructor(
    private readonly store: Store,
    private readonly content: Content,
    private readonly clock: Clock,
  ) {
    this.questions = new Map(content.trivia.map((question) => [question.id, question]));
  }

  /** Unseen questions first, then ones the user got wrong, then the rest. */
  async next(community: string, userId: string): Promise<Question | undefined> {
    if (this.content.trivia.length === 0) return undefined;
    let chosen: Question | undefined;
    await this.store.update<PracticeRecord>(NS, `${community}:${userId}`, (record = { seen: {}, right: 0, total: 0 }) => {
      const unseen = this.content.trivia.filter((q) => record.seen[q.id] === undefined);
      const wrong = this.content.trivia.filter((q) => record.seen[q.id] === 'wrong');
      const pool = unseen.length > 0 ? unseen : wrong.length > 0 ? wrong : this.content.trivia;
      const salt = `${userId}|${this.clock.now().getTime()}|${record.total}`;
      chosen = pool[createHash('sha1').update(salt).digest().readUInt32BE(0) % pool.length]!;
      return { ...record, pending: chosen.id };
    });
    return chosen;
  }

  async answer(community: string, userId: string, questionId: string, choice: Letter): Promise<PracticeAnswer> {
    const question = this.questions.get(questionId);
    if (!question) return { status: 'unknown' };
    let graded: PracticeRecord | undefined;
    const ok = question.answer === choice;
    await this.store.update<PracticeRecord>(NS, `${community}:${userId}`, (record = { seen: {}, right: 0, total: 0 }) => {
      if (record.pending !== questionId) return record;
      const { pending: _answered, ...rest } = record;
      graded = { ...rest, seen: { ...record.seen, [questionId]: ok ? 'right' : 'wrong' }, right: record.right + (ok ? 1 : 0), total: record.total + 1 };
      return graded;
    });
    return graded ? { status: 'graded', ok, question, record: graded } : { status: 'already' };
  }
}
