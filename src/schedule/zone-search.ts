import { disassemble, getChoseong } from 'es-hangul';
import { offsetMs } from './zone-clock.ts';
import { allZones, ZONE_NAMES } from './zone-names.ts';

/** One autocomplete choice: what the user reads, and the IANA id that is sent back. */
export interface ZoneChoice {
  name: string;
  value: string;
}

interface Entry {
  zone: string;
  rank: number;
  city: string;
  id: string;
  names: ReadonlyArray<{ shown: string; plain: string; jamo: string; choseong: string }>;
}

const plain = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
const hasHangul = (text: string) => /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/.test(text);
const onlyConsonants = (text: string) => /^[\u3131-\u314e]+$/.test(text);

let entries: Entry[] | undefined;

function index(): Entry[] {
  if (!entries) {
    const named = new Map(ZONE_NAMES.map(([zone, names], rank) => [zone, { rank, names }]));
    entries = allZones().map((zone) => {
      const data = named.get(zone);
      return {
        zone,
        rank: data?.rank ?? ZONE_NAMES.length,
        city: plain(zone.slice(zone.lastIndexOf('/') + 1)),
        id: plain(zone),
        names: (data?.names ?? []).map((shown) => ({ shown, plain: plain(shown), jamo: disassemble(plain(shown)), choseong: getChoseong(shown) })),
      };
    });
  }
  return entries;
}

/** 0 same, 1 starts with, 2 a word of it starts with, 3 contains; undefined: no match. */
function textScore(term: string, query: string): number | undefined {
  if (term === query) return 0;
  if (term.startsWith(query)) return 1;
  if (term.split(/[\s/]/).some((word) => word.startsWith(query))) return 2;
  if (term.includes(query)) return 3;
  return undefined;
}

interface Match {
  score: number;
  shown?: string;
}

function match(entry: Entry, query: string): Match | undefined {
  let best: Match | undefined;
  const consider = (score: number | undefined, shown?: string) => {
    if (score !== undefined && (best === undefined || score < best.score)) best = shown === undefined ? { score } : { score, shown };
  };
  consider(textScore(entry.city, query));
  consider(textScore(entry.id, query));
  const korean = hasHangul(query);
  const jamo = korean ? disassemble(query) : '';
  for (const name of entry.names) {
    consider(textScore(name.plain, query), name.shown);
    // Jamo by jamo, so a syllable still being composed (`벨` on the way to `베를린`) matches.
    if (korean && name.jamo.startsWith(jamo)) consider(name.jamo === jamo ? 0 : 1, name.shown);
    if (onlyConsonants(query) && name.choseong.startsWith(query)) consider(name.choseong === query ? 1 : 2, name.shown);
  }
  return best;
}

/** `UTC+9`, `UTC+5:30`, `UTC-3:30`, `UTC+0`. */
export function offsetLabel(zone: string, at: Date): string {
  const minutes = Math.round(offsetMs(at, zone) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest === 0 ? '' : `:${String(rest).padStart(2, '0')}`}`;
}

/** Discord caps a choice's name at 100 characters. */
const MAX_NAME = 100;

function choice(entry: Entry, shown: string | undefined, at: Date): ZoneChoice {
  const label = shown ?? entry.names.find((name) => hasHangul(name.shown))?.shown;
  const offset = offsetLabel(entry.zone, at);
  const name = label === undefined ? `${entry.zone} (${offset})` : `${entry.zone} (${label}, ${offset})`;
  return { name: name.slice(0, MAX_NAME), value: entry.zone };
}

/**
 * Zones for the `timezone` option's autocomplete: English city names (`berlin`, `new york`,
 * `new_york`), Korean ones (`베를린`, partial `베를`, initial consonants `ㅅㅇ`), and ids
 * (`Europe/`). Best matches first, the zones a Korean group uses most breaking ties. The
 * offset shown is the one in force at `at` (the caller's clock), not a fixed one.
 */
export function searchZones(query: string, at: Date, limit = 25): ZoneChoice[] {
  const wanted = plain(query);
  const all = index();
  if (wanted === '') {
    return all
      .filter((entry) => entry.rank < ZONE_NAMES.length)
      .sort((a, b) => a.rank - b.rank)
      .slice(0, limit)
      .map((entry) => choice(entry, undefined, at));
  }
  const found: Array<{ entry: Entry; found: Match }> = [];
  for (const entry of all) {
    const hit = match(entry, wanted);
    if (hit) found.push({ entry, found: hit });
  }
  return found
    .sort((a, b) => a.found.score - b.found.score || a.entry.rank - b.entry.rank || a.entry.zone.localeCompare(b.entry.zone))
    .slice(0, limit)
    .map(({ entry, found: hit }) => choice(entry, hit.shown, at));
}
