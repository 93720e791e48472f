import { convertHangulToQwerty, convertQwertyToHangul, disassemble, getChoseong } from 'es-hangul';
import damerauLevenshtein from 'damerau-levenshtein';
import MiniSearch from 'minisearch';
import type { GlossaryEntry } from '../content/schema.ts';
import { normalizeTerm } from '../content/terms.ts';

export type MatchKind = 'exact' | 'initials' | 'keyboard' | 'typo';

export interface SearchResult {
  entry?: GlossaryEntry;
  kind?: MatchKind;
  /** Closest other terms, best first (at most 3). */
  suggestions: GlossaryEntry[];
}

interface Key {
  id: number;
  entryIndex: number;
  /** Normalised spelling; Hangul broken into jamo so a one-letter typo costs one jamo. */
  text: string;
}

/**
 * How alike two spellings are, 0..1, from their edit distance. Swapped neighbours count as
 * one edit (Damerau), the commonest slip when typing fast: `kubelte` is one edit from
 * kubelet, and two from kubectl.
 */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - damerauLevenshtein(a, b).steps / longest;
}

const CHOSEONG_ONLY = /^[ㄱ-ㅎ]+$/;
const HANGUL = /[가-힣ㄱ-ㅎㅏ-ㅣ]/;
const LATIN_ONLY = /^[a-z]+$/;

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
  /**
   * Each Korean spelling as its keys on a QWERTY layout (`rlqms` for 기본), so Korean typed with
   * the wrong layout is one lookup: converting every Latin query to Hangul cost a typo search a
   * fifth of its time, most of it in the conversions that fail.
   */
  private readonly keyboard = new Map<string, GlossaryEntry>();
  /** A radix-tree index that finds spellings within a few edits without scanning every key. */
  private readonly fuzzy: MiniSearch<Key>;
  private readonly keys: Key[] = [];
  readonly entries: readonly GlossaryEntry[];
  private readonly byId = new Map<string, GlossaryEntry>();

  constructor(entries: readonly GlossaryEntry[]) {
    this.entries = entries;
    entries.forEach((entry, entryIndex) => {
      this.byId.set(entry.id, entry);
      for (const spelling of spellings(entry)) {
        const normalized = normalizeTerm(spelling);
        if (!normalized) continue;
        if (!this.exact.has(normalized)) this.exact.set(normalized, entry);
        this.keys.push({ id: this.keys.length, entryIndex, text: fuzzyForm(normalized) });
        if (HANGUL.test(normalized)) {
          const keys = qwertyOf(normalized);
          if (keys && !this.keyboard.has(keys)) this.keyboard.set(keys, entry);
          const initials = getChoseong(normalized);
          if (initials) {
            const list = this.initials.get(initials) ?? [];
            if (!list.includes(entry)) list.push(entry);
            this.initials.set(initials, list);
          }
        }
      }
    });
    this.fuzzy = new MiniSearch<Key>({ fields: ['text'], storeFields: [], tokenize: (text) => [text], processTerm: (term) => term });
    this.fuzzy.addAll(this.keys);
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
      const typedOnWrongLayout = this.keyboard.get(normalized);
      if (typedOnWrongLayout) return { entry: typedOnWrongLayout, kind: 'keyboard', suggestions: [] };
    }

    const ranked = this.rank(normalized);
    const best = ranked[0];
    // A typo is taken as the term only when it is close and clearly closer than the runner-up.
    if (best && best.score >= 0.7 && (ranked[1] === undefined || best.score - ranked[1].score >= 0.05)) {
      return { entry: best.entry, kind: 'typo', suggestions: ranked.slice(1, 4).map((r) => r.entry) };
    }
    return { suggestions: ranked.filter((r) => r.score >= 0.4).slice(0, 3).map((r) => r.entry) };
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

  /** Entries whose spellings lie within a few edits of the input, most alike first. */
  private rank(normalized: string): Array<{ entry: GlossaryEntry; score: number }> {
    const form = fuzzyForm(normalized);
    const maxEdits = Math.min(3, Math.max(1, Math.round(form.length * 0.3)));
    const best = new Map<number, number>();
    for (const hit of this.fuzzy.search(form, { fuzzy: maxEdits, prefix: form.length >= 3, combineWith: 'OR' })) {
      const key = this.keys[hit.id as number]!;
      const score = similarity(form, key.text);
      if (score > (best.get(key.entryIndex) ?? -1)) best.set(key.entryIndex, score);
    }
    return [...best.entries()]
      .map(([index, score]) => ({ entry: this.entries[index]!, score }))
      .sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id))
      .slice(0, 20);
  }
}

function spellings(entry: GlossaryEntry): string[] {
  return [entry.id, entry.term, entry.ko.name, ...entry.aliases];
}

/**
 * The lower-case keys that type a Korean spelling on a QWERTY layout, when typing them back
 * gives the same spelling (so the lookup finds just what converting the query would have).
 */
function qwertyOf(hangul: string): string | undefined {
  try {
    const keys = convertHangulToQwerty(hangul);
    return LATIN_ONLY.test(keys) && qwertyAsHangul(keys) === hangul ? keys : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `rlqms` typed on a QWERTY layout means 기본. es-hangul throws on key sequences that make
 * no syllables (`nJq` → ㅜㅓㅂ), and such input is an ordinary typo here, not an error.
 */
function qwertyAsHangul(latin: string): string | undefined {
  try {
    return normalizeTerm(convertQwertyToHangul(latin));
  } catch {
    return undefined;
  }
}
