/**
 * Members' reports on what is wrong with a term or a question, per community. The open reports
 * on one item are one record; a set indexes the items with open reports (so `/quiz reports`
 * reads that set and those records, never the whole namespace) and another the questions held
 * by them, which the round picker and practice read in one operation.
 */
import type { Content } from '../content/schema.ts';
import { type CommunityRef, keys, NS, SETS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';

/** Characters a reason may have (Discord's modal and Slack's input enforce it too). */
export const MAX_REASON_LENGTH = 500;
/** Open reports from this many members hold a question: no new round or practice uses it until resolved. */
export const HOLD_AT = 3;

export type ItemKind = 'question' | 'term';

export interface MemberReport {
  user: string;
  name: string;
  reason: string;
  at: string;
}

export interface ReportRecord {
  item: string;
  kind: ItemKind;
  /** One per member: a second report by the same member replaces their first. */
  reports: MemberReport[];
}

export type ReportResult = { status: 'new' | 'updated'; record: ReportRecord; held: boolean } | { status: 'unknown' } | { status: 'tooLong'; length: number };

/** A reason's length as people count it: characters, not UTF-16 units. */
export function reasonLength(reason: string): number {
  return [...reason].length;
}

/** The questions held in a community; one set read. */
export async function heldQuestions(store: Store, ref: CommunityRef): Promise<ReadonlySet<string>> {
  return new Set(await store.sets.members(SETS.heldOf(ref)));
}

export class Reports {
  private readonly questions: Set<string>;
  private readonly terms: Set<string>;

  constructor(
    private readonly store: Store,
    content: Content,
    private readonly clock: Clock,
  ) {
    this.questions = new Set(content.trivia.map((question) => question.id));
    this.terms = new Set(content.glossary.map((entry) => entry.id));
  }

  kindOf(item: string): ItemKind | undefined {
    if (this.questions.has(item)) return 'question';
    if (this.terms.has(item)) return 'term';
    return undefined;
  }

  async report(ref: CommunityRef, item: string, user: { id: string; name: string }, reason: string): Promise<ReportResult> {
    const kind = this.kindOf(item);
    if (!kind) return { status: 'unknown' };
    const text = reason.trim();
    const length = reasonLength(text);
    if (length > MAX_REASON_LENGTH) return { status: 'tooLong', length };
    const at = this.clock.now().toISOString();
    let status: 'new' | 'updated' = 'new';
    // The record and both sets change together: a resolve in between would otherwise delete the
    // record and leave this report's hold, a held question nobody sees in `/quiz reports`.
    return this.store.lock(keys.reportLock(ref, item), async () => {
      const record = await this.store.update<ReportRecord>(NS.reports, keys.report(ref, item), (current = { item, kind, reports: [] }) => {
        const others = current.reports.filter((entry) => entry.user !== user.id);
        status = others.length < current.reports.length ? 'updated' : 'new';
        return { ...current, reports: [...others, { user: user.id, name: user.name, reason: text, at }] };
      });
      await this.store.sets.add(SETS.reportedOf(ref), item);
      const held = kind === 'question' && record.reports.length >= HOLD_AT;
      if (held) await this.store.sets.add(SETS.heldOf(ref), item);
      return { status, record, held };
    });
  }

  /** The open reports, most reporters first, then by id. */
  async open(ref: CommunityRef): Promise<ReportRecord[]> {
    const items = await this.store.sets.members(SETS.reportedOf(ref));
    const records = await this.store.getMany<ReportRecord>(
      NS.reports,
      items.map((item) => keys.report(ref, item)),
    );
    return records
      .filter((record): record is ReportRecord => record !== undefined && record.reports.length > 0)
      .sort((a, b) => b.reports.length - a.reports.length || a.item.localeCompare(b.item));
  }

  /** Closes every open report on the item; the count closed (0 when there were none). */
  async resolve(ref: CommunityRef, item: string): Promise<number> {
    return this.store.lock(keys.reportLock(ref, item), async () => {
      const record = await this.store.get<ReportRecord>(NS.reports, keys.report(ref, item));
      // The hold goes first: a crash part-way leaves reports listed but the question back in use, never the reverse.
      await this.store.sets.remove(SETS.heldOf(ref), item);
      await this.store.delete(NS.reports, keys.report(ref, item));
      await this.store.sets.remove(SETS.reportedOf(ref), item);
      return record?.reports.length ?? 0;
    });
  }

  /**
   * Ids that look like what was typed, for an unknown id's reply and autocomplete: those that
   * start with it or contain it, else those sharing its longest prefix (`drift-1` → `drift-…`).
   */
  suggest(typed: string, limit: number): string[] {
    const all = [...this.questions, ...this.terms];
    for (let wanted = typed.trim().toLowerCase(); wanted.length >= 1; wanted = wanted.slice(0, -1)) {
      const starts = all.filter((id) => id.toLowerCase().startsWith(wanted));
      const contains = all.filter((id) => !id.toLowerCase().startsWith(wanted) && id.toLowerCase().includes(wanted));
      if (starts.length + contains.length > 0) return [...starts, ...contains].slice(0, limit);
    }
    return [];
  }
}
