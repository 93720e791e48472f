import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { chapterIdOf, chapterOfEntry } from './book.ts';
import { normalizeTerm } from './terms.ts';
import type { ContentProblem } from './loader.ts';
import { type Content, LETTERS } from './schema.ts';

const coverageSchema = z.object({
  // Titles are the book's (book.yaml); a title here is ignored.
  sections: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), title: z.string().optional(), min_questions: z.number().int().min(0).optional() })).default([]),
  required_terms: z.array(z.string()).default([]),
  min_total_questions: z.number().int().min(0).default(0),
  max_answer_share: z.number().min(0).max(1).default(1),
});
export type Coverage = z.infer<typeof coverageSchema>;

export async function readCoverage(dir: string): Promise<Coverage | undefined> {
  const file = path.join(dir, 'coverage.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return coverageSchema.parse(parse(text));
}

/** Section numbers the notes define, read from their headings (`### 1.2.`, `#### 1.4.1.`); `1` is the chapter. */
export function sectionsInNotes(markdown: string): string[] {
  const found = new Set<string>(['1']);
  for (const match of markdown.matchAll(/^#{2,6}\s+(\d+(?:\.\d+)+)\.?\s/gm)) found.add(match[1]!);
  return [...found];
}

const HANGUL = /[가-힣]/;
const LATIN = /[A-Za-z]/;

/** Cross-checks beyond the schema: references, uniqueness, languages, balance, near-duplicates, coverage. */
export function crossCheck(content: Content, coverage: Coverage | undefined, notesSections?: string[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const ids = new Set(content.glossary.map((entry) => entry.id));
  const spellingOwner = new Map<string, string>();

  for (const entry of content.glossary) {
    const at = { file: entry.file, line: entry.line, id: entry.id };
    for (const related of entry.related) {
      if (!ids.has(related)) problems.push({ ...at, message: `related '${related}' is not a glossary id` });
      if (related === entry.id) problems.push({ ...at, message: 'related lists the entry itself' });
    }
    const own = new Set<string>();
    for (const spelling of [entry.id, entry.term, entry.ko.name, ...entry.aliases]) {
      const key = normalizeTerm(spelling);
      if (own.has(key)) continue;
      own.add(key);
      const owner = spellingOwner.get(key);
      if (owner && owner !== entry.id) problems.push({ ...at, message: `alias/name '${spelling}' is also used by '${owner}'` });
      else spellingOwner.set(key, entry.id);
    }
    requireLanguage(problems, at, { 'ko.name': entry.ko.name, 'ko.short': entry.ko.short, 'ko.long': entry.ko.long }, HANGUL, 'Korean');
    requireLanguage(problems, at, { 'en.short': entry.en.short, 'en.long': entry.en.long }, LATIN, 'English');
    if (HANGUL.test(entry.en.short)) problems.push({ ...at, message: 'en.short is written in Korean' });
  }

  const questionIds = new Set(content.trivia.map((question) => question.id));
  for (const question of content.trivia) {
    const at = { file: question.file, line: question.line, id: question.id };
    for (const term of question.terms) if (!ids.has(term)) problems.push({ ...at, message: `terms '${term}' is not a glossary id` });
    for (const other of question.see_also) {
      if (!questionIds.has(other) || other === question.id) problems.push({ ...at, message: `see_also '${other}' is not another question's id` });
    }
    requireLanguage(problems, at, { 'ko.question': question.ko.question, 'ko.explanation': question.ko.explanation }, HANGUL, 'Korean');
    requireLanguage(problems, at, { 'en.question': question.en.question, 'en.explanation': question.en.explanation }, LATIN, 'English');
    if (HANGUL.test(question.en.question)) problems.push({ ...at, message: 'en.question is written in Korean' });
    const choices = new Set(question.en.choices.map((choice) => normalizeTerm(choice)));
    if (choices.size !== question.en.choices.length) problems.push({ ...at, message: 'en.choices repeat a choice' });
  }
  problems.push(...nearDuplicates(content));

  // The loader holds every source to the book; the notes, where present, hold the book's chapters they cover.
  if (notesSections) {
    const known = new Set(notesSections);
    const covered = new Set(notesSections.map(chapterIdOf));
    for (const item of [...content.glossary, ...content.trivia]) {
      if (covered.has(chapterOfEntry(item)) && !known.has(item.source)) problems.push({ file: item.file, line: item.line, id: item.id, message: `source '${item.source}' is not a section of the notes` });
    }
  }

  if (coverage) {
    for (const term of coverage.required_terms) {
      if (!ids.has(term)) problems.push({ file: 'content/coverage.yaml', line: 1, id: term, message: 'required term has no glossary entry' });
    }
    for (const row of coverageTable(content, coverage)) {
      if (row.minQuestions !== undefined && row.questions < row.minQuestions) {
        problems.push({ file: 'content/coverage.yaml', line: 1, id: row.section, message: `section has ${row.questions} questions, needs at least ${row.minQuestions}` });
      }
    }
    if (content.trivia.length < coverage.min_total_questions) {
      problems.push({ file: 'content/trivia', line: 0, message: `the bank has ${content.trivia.length} questions, needs at least ${coverage.min_total_questions}` });
    }
    for (const [letter, count] of Object.entries(answerBalance(content))) {
      const share = content.trivia.length === 0 ? 0 : count / content.trivia.length;
      if (share > coverage.max_answer_share) {
        problems.push({ file: 'content/trivia', line: 0, message: `answer ${letter} holds ${(share * 100).toFixed(0)}% of the bank (max ${(coverage.max_answer_share * 100).toFixed(0)}%)` });
      }
    }
  }
  return problems;
}

function requireLanguage(problems: ContentProblem[], at: { file: string; line: number; id: string }, fields: Record<string, string | undefined>, script: RegExp, language: string): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined && !script.test(value)) problems.push({ ...at, message: `${field} has no ${language} text` });
  }
}

export function answerBalance(content: Content): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(LETTERS.map((letter) => [letter, 0]));
  for (const question of content.trivia) counts[question.answer] = (counts[question.answer] ?? 0) + 1;
  return counts;
}

function trigrams(text: string): Set<string> {
  const clean = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= clean.length; i += 1) grams.add(clean.slice(i, i + 3));
  return grams;
}

/** Questions whose English or Korean wording is nearly the same (trigram Jaccard ≥ 0.8). */
function nearDuplicates(content: Content): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const grams = content.trivia.map((question) => ({ question, en: trigrams(question.en.question), ko: trigrams(question.ko.question) }));
  for (let i = 0; i < grams.length; i += 1) {
    for (let j = i + 1; j < grams.length; j += 1) {
      const a = grams[i]!;
      const b = grams[j]!;
      const similarity = Math.max(jaccard(a.en, b.en), jaccard(a.ko, b.ko));
      if (similarity >= 0.8) {
        problems.push({ file: b.question.file, line: b.question.line, id: b.question.id, message: `near-duplicate of ${a.question.id} (${(similarity * 100).toFixed(0)}% alike)` });
      }
    }
  }
  return problems;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

export interface CoverageRow {
  section: string;
  title: string;
  terms: number;
  questions: number;
  minQuestions?: number;
}

/**
 * One row per chapter and section of the book (and per section coverage.yaml names beyond it):
 * glossary entries per section (exact; a chapter counts all of its own), questions including
 * subsections, and the minimum coverage.yaml sets, if any.
 */
export function coverageTable(content: Content, coverage: Coverage | undefined): CoverageRow[] {
  const minimums = new Map((coverage?.sections ?? []).map((section) => [section.id, section.min_questions]));
  const ids = content.book.chapters.flatMap((chapter) => [chapter.id, ...chapter.sections.map((section) => section.id)]);
  for (const id of minimums.keys()) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => {
    const chapter = !id.includes('.');
    const within = (source: string) => source === id || source.startsWith(`${id}.`);
    const title = content.sections.get(id);
    const row: CoverageRow = {
      section: id,
      title: title && title.ko !== id ? `${title.ko} / ${title.en}` : '',
      terms: content.glossary.filter((entry) => (chapter ? within(entry.source) : entry.source === id)).length,
      questions: content.trivia.filter((question) => within(question.source)).length,
    };
    const minimum = minimums.get(id);
    if (minimum !== undefined) row.minQuestions = minimum;
    return row;
  });
}
