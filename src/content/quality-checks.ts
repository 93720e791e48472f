import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ContentProblem } from './loader.ts';
import { type Content, LETTERS, type Question } from './schema.ts';

/**
 * The faults players notice in a bank: the right choice given away by its length, two
 * questions that teach the same thing, Korean terms rendered several ways, one letter
 * favoured. They are content:check's business, never start-up conditions.
 */

/** In each language, the right choice may be strictly the longest in at most this share of questions. */
export const MAX_LONGEST_RIGHT_SHARE = 0.35;
/** Topics smaller than this are counted in the bank's figure but not held to it on their own. */
export const MIN_TOPIC_FOR_LENGTH = 8;
/** Token-set Jaccard of question + right choice at or above this makes two questions too alike. */
export const MAX_SIMILARITY = 0.4;
/** No answer letter may be more than this many times as frequent as another, overall and per topic. */
export const MAX_LETTER_RATIO = 1.5;

const termSchema = z.object({ ko: z.string().min(1), en: z.string().min(1), avoid: z.array(z.string().min(1)).default([]) });
export type KoTerm = z.infer<typeof termSchema>;

/** `content/terms-ko.yaml`: the preferred Korean renderings and the forms to avoid; undefined when absent. */
export async function readKoTerms(dir: string): Promise<KoTerm[] | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'terms-ko.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  return z.array(termSchema).parse(parse(text) ?? []);
}

export interface LengthFigure {
  scope: string;
  language: 'ko' | 'en';
  longest: number;
  questions: number;
  held: boolean;
}

export interface LetterFigure {
  scope: string;
  counts: Record<string, number>;
  ratio: number;
}

export interface SimilarPair {
  a: string;
  b: string;
  similarity: number;
  linked: boolean;
}

export interface QualityReport {
  problems: ContentProblem[];
  length: LengthFigure[];
  letters: LetterFigure[];
  /** The most alike pair not linked by see_also, and how many pairs are linked. */
  closest: SimilarPair | undefined;
  linkedPairs: number;
  termHits: number;
  termsChecked: number;
}

const BANK = 'bank';

function byScope(trivia: Question[]): Map<string, Question[]> {
  const scopes = new Map<string, Question[]>([[BANK, trivia]]);
  for (const question of trivia) {
    const key = `topic ${question.topic}`;
    scopes.set(key, [...(scopes.get(key) ?? []), question]);
  }
  return scopes;
}

const chars = (text: string) => [...text.trim()].length;

/** True when the right choice is longer than every other choice (ties do not count). */
export function rightIsStrictlyLongest(question: Question, language: 'ko' | 'en'): boolean {
  const choices = question[language].choices;
  const right = chars(choices[LETTERS.indexOf(question.answer)] ?? '');
  return choices.every((choice, index) => index === LETTERS.indexOf(question.answer) || chars(choice) < right);
}

function lengthFigures(trivia: Question[]): LengthFigure[] {
  const figures: LengthFigure[] = [];
  for (const [scope, questions] of byScope(trivia)) {
    for (const language of ['ko', 'en'] as const) {
      const longest = questions.filter((question) => rightIsStrictlyLongest(question, language)).length;
      figures.push({ scope, language, longest, questions: questions.length, held: scope === BANK || questions.length >= MIN_TOPIC_FOR_LENGTH });
    }
  }
  return figures;
}

function letterFigures(trivia: Question[]): LetterFigure[] {
  return [...byScope(trivia)].map(([scope, questions]) => {
    const counts: Record<string, number> = Object.fromEntries(LETTERS.map((letter) => [letter, 0]));
    for (const question of questions) counts[question.answer] = (counts[question.answer] ?? 0) + 1;
    const values = Object.values(counts);
    const min = Math.min(...values);
    const max = Math.max(...values);
    return { scope, counts, ratio: max === 0 ? 1 : min === 0 ? Number.POSITIVE_INFINITY : max / min };
  });
}

// Words that carry no subject matter; without them "What is X?" and "What is Y?" are not alike.
const STOP = new Set(
  'a an the of to in on at by for from with and or is are be it its this that these what which who why how when does do can into as per not no'.split(' '),
);

// Korean words carry their particles (파드를, 파드가); one is stripped so both count as 파드.
const PARTICLE = /(?:에서|으로|이다|입니다|을|를|이|가|은|는|의|에|로|와|과|도|만)$/u;

function stem(word: string): string {
  if (/[가-힣]/.test(word)) return word.length > 2 ? word.replace(PARTICLE, '') : word;
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The set of content words of a question and its right choice, in one language. */
export function tokens(question: Question, language: 'ko' | 'en'): Set<string> {
  const text = `${question[language].question} ${question[language].choices[LETTERS.indexOf(question.answer)] ?? ''}`;
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return new Set(words.filter((word) => word.length > 1 && !STOP.has(word)).map(stem));
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Every pair's similarity: the higher of the Korean and English token-set Jaccard. */
export function similarPairs(trivia: Question[]): SimilarPair[] {
  const sets = trivia.map((question) => ({ question, ko: tokens(question, 'ko'), en: tokens(question, 'en') }));
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < sets.length; i += 1) {
    for (let j = i + 1; j < sets.length; j += 1) {
      const a = sets[i]!;
      const b = sets[j]!;
      const similarity = Math.max(jaccard(a.ko, b.ko), jaccard(a.en, b.en));
      const linked = a.question.see_also.includes(b.question.id) || b.question.see_also.includes(a.question.id);
      pairs.push({ a: a.question.id, b: b.question.id, similarity, linked });
    }
  }
  return pairs.sort((x, y) => y.similarity - x.similarity);
}

/** Korean text fields of the content, aliases excepted (they exist to catch the forms people type). */
function koreanTexts(content: Content): Array<{ at: ContentProblem; field: string; text: string }> {
  const texts: Array<{ at: ContentProblem; field: string; text: string }> = [];
  for (const entry of content.glossary) {
    const at = { file: entry.file, line: entry.line, id: entry.id, message: '' };
    for (const [field, text] of Object.entries({ 'ko.name': entry.ko.name, 'ko.short': entry.ko.short, 'ko.long': entry.ko.long })) {
      if (text !== undefined) texts.push({ at, field, text });
    }
  }
  for (const question of content.trivia) {
    const at = { file: question.file, line: question.line, id: question.id, message: '' };
    texts.push({ at, field: 'ko.question', text: question.ko.question }, { at, field: 'ko.explanation', text: question.ko.explanation });
    for (const [index, text] of question.ko.choices.entries()) texts.push({ at, field: `ko.choices.${index}`, text });
  }
  return texts;
}

export function qualityCheck(content: Content, koTerms: KoTerm[] | undefined): QualityReport {
  const problems: ContentProblem[] = [];
  const length = lengthFigures(content.trivia);
  for (const figure of length) {
    if (figure.held && figure.questions > 0 && figure.longest / figure.questions > MAX_LONGEST_RIGHT_SHARE) {
      problems.push({
        file: 'content/trivia',
        line: 0,
        message: `${figure.scope} (${figure.language}): the right choice is strictly the longest in ${figure.longest} of ${figure.questions} questions (${pct(figure.longest / figure.questions)}, max ${pct(MAX_LONGEST_RIGHT_SHARE)})`,
      });
    }
  }

  const letters = letterFigures(content.trivia);
  for (const figure of letters) {
    if (figure.ratio > MAX_LETTER_RATIO) {
      const counts = Object.entries(figure.counts)
        .map(([letter, count]) => `${letter} ${count}`)
        .join(', ');
      problems.push({
        file: 'content/trivia',
        line: 0,
        message: `${figure.scope}: answer letters ${counts} (most/least ${figure.ratio.toFixed(2)}, max ${MAX_LETTER_RATIO})`,
      });
    }
  }

  const pairs = similarPairs(content.trivia);
  const byId = new Map(content.trivia.map((question) => [question.id, question]));
  for (const pair of pairs) {
    if (pair.similarity < MAX_SIMILARITY) break;
    if (pair.linked) continue;
    const later = byId.get(pair.b)!;
    problems.push({
      file: later.file,
      line: later.line,
      id: later.id,
      message: `question and right choice are ${pct(pair.similarity)} alike to ${pair.a} (max ${pct(MAX_SIMILARITY)}): reword one or name the other in see_also`,
    });
  }

  let termHits = 0;
  for (const { at, field, text } of koTerms ? koreanTexts(content) : []) {
    for (const term of koTerms!) {
      for (const avoid of term.avoid) {
        if (!text.includes(avoid)) continue;
        termHits += 1;
        problems.push({ ...at, message: `${field} writes '${avoid}'; the Korean rendering of '${term.en}' is '${term.ko}' (terms-ko.yaml)` });
      }
    }
  }

  return {
    problems,
    length,
    letters,
    closest: pairs.find((pair) => !pair.linked),
    linkedPairs: pairs.filter((pair) => pair.linked).length,
    termHits,
    termsChecked: koTerms?.length ?? 0,
  };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}
