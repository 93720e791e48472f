import { convertQwertyToHangul, disassemble, getChoseong } from 'es-hangul';
import Fuse from 'fuse.js';
import type { GlossaryEntry } from '../content/schema.ts';

export type MatchKind = 'exact' | 'initials' | 'keyboard' | 'typo';

export interface SearchResult {
  entry?: GlossaryEntry;
  kind?: MatchKind;
  /** Closest other terms, best first (at most 3). */
  suggestions: GlossaryEntry[];
}

interface Key {
  entry: GlossaryEntry;
  /** Normalised spelling; Hangul broken into jamo so a one-letter typo costs one jamo. */
  text: string;
}

const CHOSEONG_ONLY = /^[ㄱ-ㅎ]+$/;
const HANGUL = /[가-힣ㄱ-ㅎㅏ-ㅣ]/;
const LATIN_ONLY = /^[a-z]+$/;

/** Case-, space- and hyphen-insensitive, NFC-normalised. */
export function normalizeTerm(value: string): string {
  return value.normalize('NFC').toLowerCase().replace(/[\s\-_./·`'"]+/g, '');
}

function fuzzyForm(normalized: string): string {
  return HANGUL.test(normalized) ? disassemble(normalized) : normalized;
}

/**
 * Finds glossary entries by id, term, Korean name and aliases; then by Hangul
 * initial consonants (ㅋㅂㄹ), Korean typed on an English keyboard layout, and typos.
 */
export class GlossarySearch {
  private readonly exact = new Map<string, GlossaryEntry>();
  private readonly initials = new Map<string, GlossaryEntry[]>();
  private readonly fuse: Fuse<Key>;
  private readonly keys: Key[] = [];
  readonly entries: readonly GlossaryEntry[];
  private readonly byId = new Map<string, GlossaryEntry>();

  constructor(entries: readonly GlossaryEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      this.byId.set(entry.id, entry);
      for (const spelling of spellings(entry)) {
        const normalized = normalizeTerm(spelling);
        if (!normalized) continue;
        if (!this.exact.has(normalized)) this.exact.set(normalized, entry);
        this.keys.push({ entry, text: fuzzyForm(normalized) });
        if (HANGUL.test(normalized)) {
          const initials = getChoseong(normalized);
          if (initials) {
            const list = this.initials.get(initials) ?? [];
            if (!list.includes(entry)) list.push(entry);
            this.initials.set(initials, list);
          }
        }
      }
    }
    this.fuse = new Fuse(this.keys, { keys: ['text'], includeScore: true, threshold: 0.45, ignoreLocation: true, shouldSort: true });
  }

  byIdOrUndefined(id: string): GlossaryEntry | undefined {
    return this.byId.get(id);
  }

  search(query: string): SearchResult {
    const normalized = normalizeTerm(query);
    if (!normalized) return { suggestions: [] };
    const exact = this.exact.get(normalized);
    if (exact) return { entry: exact, kind: 'exact', suggestions: [] };

    if (CHOSEONG_ONLY.test(normalized)) {
      const [first, ...others] = this.initials.get(normalized) ?? [];
      if (first) return { entry: first, kind: 'initials', suggestions: others.slice(0, 3) };
    }

    if (LATIN_ONLY.test(normalized)) {
      const asHangul = normalizeTerm(convertQwertyToHangul(normalized));
      const typedOnWrongLayout = asHangul !== normalized ? this.exact.get(asHangul) : undefined;
      if (typedOnWrongLayout) return { entry: typedOnWrongLayout, kind: 'keyboard', suggestions: [] };
    }

    const ranked = this.rank(normalized);
    const best = ranked[0];
    if (best && best.score <= 0.2 && (ranked[1] === undefined || ranked[1].score - best.score >= 0.05 || ranked[1].entry === best.entry)) {
      return { entry: best.entry, kind: 'typo', suggestions: ranked.slice(1, 4).map((r) => r.entry) };
    }
    return { suggestions: ranked.filter((r) => r.score <= 0.45).slice(0, 3).map((r) => r.entry) };
  }

  /** Up to `limit` entries for a partial input, prefix matches first; for autocomplete. */
  complete(partial: string, limit = 25): GlossaryEntry[] {
    const normalized = normalizeTerm(partial);
    if (!normalized) return this.entries.slice(0, limit);
    const found: GlossaryEntry[] = [];
    const add = (entry: GlossaryEntry) => {
      if (found.length < limit && !found.includes(entry)) found.push(entry);
    };
    for (const [spelling, entry] of this.exact) if (spelling.startsWith(normalized)) add(entry);
    if (CHOSEONG_ONLY.test(normalized)) {
      for (const [initials, entries] of this.initials) if (initials.startsWith(normalized)) entries.forEach(add);
    }
    for (const { entry } of this.rank(normalized)) add(entry);
    return found;
  }

  private rank(normalized: string): Array<{ entry: GlossaryEntry; score: number }> {
    const seen = new Set<string>();
    const ranked: Array<{ entry: GlossaryEntry; score: number }> = [];
    for (const hit of this.fuse.search(fuzzyForm(normalized), { limit: 20 })) {
      if (seen.has(hit.item.entry.id)) continue;
      seen.add(hit.item.entry.id);
      ranked.push({ entry: hit.item.entry, score: hit.score ?? 1 });
    }
    return ranked;
  }
}

function spellings(entry: GlossaryEntry): string[] {
  return [entry.id, entry.term, entry.ko.name, ...entry.aliases];
}
