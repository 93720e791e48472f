/** Reads and validates `<dir>/book.yaml`; every problem located by file, line, id and field. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import type { Book } from './book.ts';
import type { ContentProblem } from './loader.ts';

const text = z.string().trim().min(1, 'must not be empty');
const localized = z.object({ ko: text, en: text });
const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, hyphens)');
const numbered = (pattern: RegExp, message: string) =>
  z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .pipe(z.string().regex(pattern, message));
const chapterId = numbered(/^\d+$/, 'must be a chapter number such as "2"');
const sectionId = numbered(/^\d+(?:\.\d+){1,3}$/, 'must be a section number such as "2.1"');

const bookSchema = z
  .object({
    title: localized,
    chapters: z
      .array(
        z.object({
          id: chapterId,
          title: localized,
          sections: z.array(z.object({ id: sectionId, title: localized })).default([]),
          first_topic: kebab.optional(),
          starting_points: z.array(kebab).default([]),
        }),
      )
      .min(1, 'needs at least one chapter'),
    topics: z.array(z.object({ id: kebab, chapter: chapterId, name: localized })).default([]),
  })
  .superRefine((book, ctx) => {
    const chapters = new Set<string>();
    const sections = new Set<string>();
    book.chapters.forEach((chapter, c) => {
      if (chapters.has(chapter.id)) ctx.addIssue({ code: 'custom', path: ['chapters', c, 'id'], message: 'is a duplicate chapter id' });
      chapters.add(chapter.id);
      chapter.sections.forEach((section, s) => {
        const at = ['chapters', c, 'sections', s, 'id'];
        if (!section.id.startsWith(`${chapter.id}.`)) ctx.addIssue({ code: 'custom', path: at, message: `is not in chapter ${chapter.id}` });
        else if (sections.has(section.id)) ctx.addIssue({ code: 'custom', path: at, message: 'is a duplicate section id' });
        sections.add(section.id);
      });
    });
    const topics = new Set<string>();
    book.topics.forEach((topic, i) => {
      if (topics.has(topic.id)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: 'is a duplicate topic id' });
      topics.add(topic.id);
      if (!chapters.has(topic.chapter))
        ctx.addIssue({ code: 'custom', path: ['topics', i, 'chapter'], message: `'${topic.chapter}' is not a chapter of the book` });
    });
    book.chapters.forEach((chapter, c) => {
      const topic = book.topics.find((item) => item.id === chapter.first_topic);
      if (chapter.first_topic !== undefined && !topic)
        ctx.addIssue({ code: 'custom', path: ['chapters', c, 'first_topic'], message: `'${chapter.first_topic}' is not a listed topic` });
      else if (topic && topic.chapter !== chapter.id)
        ctx.addIssue({ code: 'custom', path: ['chapters', c, 'first_topic'], message: `'${topic.id}' is a topic of chapter ${topic.chapter}` });
    });
  });

export interface BookFile {
  book: Book;
  file: string;
  /** The line of a node in the file, or of its nearest parent (for checks made after the glossary loads). */
  lineAt(at: Array<string | number>): number;
}

/** Undefined when the folder has no `book.yaml`; otherwise the book, or the problems that kept it from loading. */
export async function readBookFile(dir: string, displayRoot: string, problems: ContentProblem[]): Promise<BookFile | undefined | 'invalid'> {
  const full = path.join(dir, 'book.yaml');
  const file = path.relative(displayRoot, full) || full;
  let source: string;
  try {
    source = await readFile(full, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    problems.push({ file, line: 0, message: `cannot read (${(error as Error).message})` });
    return 'invalid';
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push({ file, line: error.linePos?.[0]?.line ?? 1, message: `YAML syntax: ${error.message.split('\n')[0]}` });
    return 'invalid';
  }
  const lineAt = (at: Array<string | number>): number => {
    for (let end = at.length; end >= 0; end -= 1) {
      const node = (end === 0 ? doc.contents : doc.getIn(at.slice(0, end), true)) as YamlNode | null | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const raw = doc.toJS() as unknown;
  const parsed = bookSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.path as Array<string | number>;
      const missing = at.length > 0 && valueAt(raw, at) === undefined;
      problems.push({ file, line: lineAt(at), ...idAt(raw, at), message: `${at.join('.')} ${missing ? 'is missing' : issue.message}`.trim() });
    }
    return 'invalid';
  }
  return { book: { ...parsed.data, fromFile: true } as Book, file, lineAt };
}

/** The id of the chapter, section or topic a path points into, for the problem's id. */
function idAt(raw: unknown, at: Array<string | number>): { id?: string } {
  for (let end = at.length; end >= 2; end -= 1) {
    const id = (valueAt(raw, at.slice(0, end)) as { id?: unknown } | undefined)?.id;
    if (typeof at[end - 1] === 'number' && (typeof id === 'string' || typeof id === 'number')) return { id: String(id) };
  }
  return {};
}

function valueAt(item: unknown, at: Array<string | number>): unknown {
  let current = item;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
