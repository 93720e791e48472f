/**
 * The book the group reads (`book.yaml`): its chapters, their sections and the topics of the
 * trivia bank. Nothing chapter-specific lives in code; a folder without `book.yaml` gets a
 * plain book made from its entries' `source` and `topic` values (`bookFromEntries`).
 */
import type { Locale, Localized } from './languages.ts';

export interface BookSection {
  id: string;
  title: Localized;
}

export interface BookChapter {
  id: string;
  title: Localized;
  sections: BookSection[];
  /** Where a new community starts its daily questions. */
  first_topic?: string;
  /** Glossary ids `/define` offers when nothing is close to what was typed. */
  starting_points: string[];
}

export interface BookTopic {
  id: string;
  chapter: string;
  name: Localized;
}

export interface Book {
  title: Localized;
  chapters: BookChapter[];
  topics: BookTopic[];
  /** False when the book was made from the entries (no `book.yaml`). */
  fromFile: boolean;
}

/** The chapter a section id belongs to: its first part (`1.4.1` → `1`). */
export function chapterIdOf(section: string): string {
  return section.split('.')[0]!;
}

/** Section id → its title, chapters included (an entry may cite a chapter's opening pages). */
export function sectionTitles(book: Book): Map<string, Localized> {
  const titles = new Map<string, Localized>();
  for (const chapter of book.chapters) {
    titles.set(chapter.id, chapter.title);
    for (const section of chapter.sections) titles.set(section.id, section.title);
  }
  return titles;
}

export function findTopic(book: Book, id: string): BookTopic | undefined {
  return book.topics.find((topic) => topic.id === id);
}

export function findChapter(book: Book, id: string): BookChapter | undefined {
  return book.chapters.find((chapter) => chapter.id === id);
}

/** A topic's name in the reader's language; its id when the book does not list it. */
export function topicName(book: Book, id: string, locale: Locale): string {
  return findTopic(book, id)?.name[locale] ?? id;
}

/** The chapter a question or term belongs to: the chapter of its section. */
export function chapterOfEntry(entry: { source: string }): string {
  return chapterIdOf(entry.source);
}

/** What `/quiz practice <topic>` may name: a topic id or a chapter id (ids win over names). */
export type PracticeScope = { kind: 'topic'; id: string } | { kind: 'chapter'; id: string };

export function findScope(book: Book, token: string): PracticeScope | undefined {
  const wanted = token.trim().toLowerCase();
  if (!wanted) return undefined;
  const topic =
    book.topics.find((item) => item.id === wanted) ??
    book.topics.find((item) => item.name.ko.toLowerCase() === wanted || item.name.en.toLowerCase() === wanted);
  if (topic) return { kind: 'topic', id: topic.id };
  const chapter =
    book.chapters.find((item) => item.id === wanted) ??
    book.chapters.find((item) => item.title.ko.toLowerCase() === wanted || item.title.en.toLowerCase() === wanted);
  return chapter ? { kind: 'chapter', id: chapter.id } : undefined;
}

export function inScope(scope: PracticeScope, question: { topic: string; source: string }): boolean {
  return scope.kind === 'topic' ? question.topic === scope.id : chapterOfEntry(question) === scope.id;
}

/** Starting points for `/define`: each chapter's, in book order. */
export function startingPoints(book: Book): string[] {
  return [...new Set(book.chapters.flatMap((chapter) => chapter.starting_points))];
}

const plain = (id: string): Localized => ({ ko: id, en: id });
const bySectionNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The book of a folder without `book.yaml`: chapters and sections from the entries' `source`
 * values, topics from the questions' `topic` values, all titled by their ids. A chapter's first
 * topic is the first one met in it, its starting points its first few terms.
 */
export function bookFromEntries(glossary: Array<{ id: string; source: string }>, trivia: Array<{ topic: string; source: string }>): Book {
  const sources = [...new Set([...glossary, ...trivia].map((entry) => entry.source))].sort(bySectionNumber);
  const chapterIds = [...new Set(sources.map(chapterIdOf))].sort(bySectionNumber);
  const topics: BookTopic[] = [];
  for (const question of trivia) {
    if (!topics.some((topic) => topic.id === question.topic))
      topics.push({ id: question.topic, chapter: chapterOfEntry(question), name: plain(question.topic) });
  }
  const chapters = chapterIds.map((id): BookChapter => {
    const first = topics.find((topic) => topic.chapter === id);
    return {
      id,
      title: plain(id),
      sections: sources.filter((source) => source !== id && chapterIdOf(source) === id).map((source) => ({ id: source, title: plain(source) })),
      ...(first ? { first_topic: first.id } : {}),
      starting_points: glossary
        .filter((entry) => chapterIdOf(entry.source) === id)
        .slice(0, 3)
        .map((entry) => entry.id),
    };
  });
  return { title: plain('book'), chapters, topics, fromFile: false };
}
