import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { type Book, bookFromEntries, chapterIdOf, sectionTitles } from './book.ts';
import { readBookFile } from './book-file.ts';
import { type Content, type GlossaryEntry, glossaryEntrySchema, type Question, questionSchema } from './schema.ts';

/** One problem in the content, located so an author can jump to it. */
export interface ContentProblem {
  file: string;
  line: number;
  id?: string;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  // Line 0 is a problem with a whole file or folder: no line to jump to.
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return problem.id ? `${where} ${problem.id}: ${problem.message}` : `${where}: ${problem.message}`;
}

export class ContentError extends Error {
  readonly problems: ContentProblem[];
  constructor(problems: ContentProblem[]) {
    super(`content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ContentError';
    this.problems = problems;
  }
}

export interface LoadResult {
  content: Content;
  problems: ContentProblem[];
}

/** Checks an entry's references to the book; `lineOf(field)` locates the field in its file. */
type RefCheck = (entry: { id: string; source: string; topic?: string }, lineOf: (field: string) => number, file: string) => ContentProblem[];

/**
 * Reads `<dir>/book.yaml`, `<dir>/glossary/*.yaml` and `<dir>/trivia/*.yaml`, validating every
 * entry; never stops at the first problem. `setting` names where `dir` came from (`CONTENT_DIR`),
 * so a folder that is not there says which setting to fix and where a relative path led.
 */
export async function loadContentFolder(dir: string, displayRoot = process.cwd(), setting?: string): Promise<LoadResult> {
  const problems: ContentProblem[] = [];
  const missing = await missingFolder(dir, setting);
  if (missing) return { content: { glossary: [], trivia: [], sections: new Map(), book: bookFromEntries([], []) }, problems: [missing] };
  const bookFile = await readBookFile(dir, displayRoot, problems);
  const check = bookFile && bookFile !== 'invalid' ? bookRefs(bookFile.book) : undefined;
  const glossary = await loadKind(dir, 'glossary', glossaryEntrySchema, displayRoot, problems, check);
  const trivia = (await loadKind(dir, 'trivia', questionSchema, displayRoot, problems, check)) as Question[];
  problems.push(...duplicateIds(glossary), ...duplicateIds(trivia));
  let book: Book;
  if (bookFile && bookFile !== 'invalid') {
    book = bookFile.book;
    const terms = new Set(glossary.map((entry) => entry.id));
    book.chapters.forEach((chapter, c) => {
      chapter.starting_points.forEach((term, i) => {
        if (!terms.has(term)) problems.push({ file: bookFile.file, line: bookFile.lineAt(['chapters', c, 'starting_points', i]), id: chapter.id, message: `starting_points '${term}' is not a glossary id` });
      });
    });
  } else {
    book = bookFromEntries(glossary, trivia);
  }
  return { content: { glossary, trivia, sections: sectionTitles(book), book }, problems };
}

/** Every `source` a section (or chapter) of the book, every `topic` a listed topic. */
function bookRefs(book: Book): RefCheck {
  const sections = sectionTitles(book);
  const topics = new Map(book.topics.map((topic) => [topic.id, topic.chapter]));
  return (entry, lineOf, file) => {
    const problems: ContentProblem[] = [];
    if (!sections.has(entry.source)) problems.push({ file, line: lineOf('source'), id: entry.id, message: `source '${entry.source}' is not a section of book.yaml` });
    if (entry.topic === undefined) return problems;
    const chapter = topics.get(entry.topic);
    if (chapter === undefined) problems.push({ file, line: lineOf('topic'), id: entry.id, message: `topic '${entry.topic}' is not a topic of book.yaml` });
    // Chapter filters read a question's chapter from its source; its topic must agree.
    else if (sections.has(entry.source) && chapterIdOf(entry.source) !== chapter) {
      problems.push({ file, line: lineOf('topic'), id: entry.id, message: `topic '${entry.topic}' is in chapter ${chapter} but source '${entry.source}' is in chapter ${chapterIdOf(entry.source)}` });
    }
    return problems;
  };
}

/** Loads and throws a ContentError listing every problem, for start-up. */
export async function loadContent(dir: string, setting?: string): Promise<Content> {
  const { content, problems } = await loadContentFolder(dir, process.cwd(), setting);
  if (problems.length > 0) throw new ContentError(problems);
  return content;
}

/** The one problem to report when the content folder itself is not there: where it was looked for, and why. */
async function missingFolder(dir: string, setting: string | undefined): Promise<ContentProblem | undefined> {
  const resolved = path.resolve(dir);
  let reason: string;
  try {
    if ((await stat(resolved)).isDirectory()) return undefined;
    reason = 'not a folder';
  } catch (error) {
    reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
  const relative = path.isAbsolute(dir) ? '' : `, relative to the working directory ${process.cwd()}`;
  const hint = setting
    ? ` ${setting} is '${dir}'${relative}: run from the folder that holds content/ or set ${setting} to the content folder's full path.`
    : '';
  return { file: resolved, line: 0, message: `cannot read the content folder (${reason}).${hint}` };
}

async function loadKind<S extends z.ZodType>(
  dir: string,
  kind: 'glossary' | 'trivia',
  schema: S,
  displayRoot: string,
  problems: ContentProblem[],
  check?: RefCheck,
): Promise<Array<z.infer<S> & { file: string; line: number }>> {
  const folder = path.join(dir, kind);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    problems.push({ file: path.relative(displayRoot, folder) || folder, line: 0, message: `cannot read folder (${(error as Error).message})` });
    return [];
  }
  const entries: Array<z.infer<S> & { file: string; line: number }> = [];
  for (const name of names) {
    const full = path.join(folder, name);
    const file = path.relative(displayRoot, full) || full;
    const source = await readFile(full, 'utf8');
    const lineCounter = new LineCounter();
    const doc = parseDocument(source, { lineCounter, prettyErrors: false });
    const lineOf = (node: YamlNode | null | undefined): number =>
      node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        problems.push({ file, line: error.linePos?.[0]?.line ?? 1, message: `YAML syntax: ${error.message.split('\n')[0]}` });
      }
      continue;
    }
    if (doc.contents === null) continue;
    if (!isSeq(doc.contents)) {
      problems.push({ file, line: lineOf(doc.contents as YamlNode), message: `must be a list of ${kind === 'glossary' ? 'entries' : 'questions'}` });
      continue;
    }
    const items = doc.toJS() as unknown[];
    items.forEach((item, index) => {
      const itemNode = doc.getIn([index], true) as YamlNode | undefined;
      const itemId = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : `#${index + 1}`;
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const issuePath = issue.path as Array<string | number>;
          const fieldNode = closestNode(doc, [index, ...issuePath]);
          const field = issuePath.join('.');
          const missing = valueAt(item, issuePath) === undefined && issuePath.length > 0;
          const message = missing ? 'is missing' : issue.message;
          problems.push({ file, line: lineOf(fieldNode ?? itemNode), id: itemId, message: field ? `${field} ${message}` : message });
        }
        return;
      }
      if (check) problems.push(...check(parsed.data as { id: string; source: string }, (field) => lineOf(closestNode(doc, [index, field]) ?? itemNode), file));
      entries.push({ ...(parsed.data as object), file, line: lineOf(itemNode) } as z.infer<S> & { file: string; line: number });
    });
  }
  return entries;
}

/** The YAML node at `path`, or its nearest existing parent (a missing field points at its entry). */
function closestNode(doc: ReturnType<typeof parseDocument>, path: Array<string | number>): YamlNode | undefined {
  for (let end = path.length; end > 0; end -= 1) {
    const node = doc.getIn(path.slice(0, end), true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node) return node;
  }
  return undefined;
}

function valueAt(item: unknown, path: Array<string | number>): unknown {
  let current = item;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function duplicateIds(entries: Array<{ id: string; file: string; line: number }>): ContentProblem[] {
  const seen = new Map<string, { file: string; line: number }>();
  const problems: ContentProblem[] = [];
  for (const entry of entries) {
    const first = seen.get(entry.id);
    if (first) {
      problems.push({ file: entry.file, line: entry.line, id: entry.id, message: `duplicate id (first at ${first.file}:${first.line})` });
    } else {
      seen.set(entry.id, entry);
    }
  }
  return problems;
}

export type { GlossaryEntry, Question };
