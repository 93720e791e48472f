/**
 * The book's part of `/quiz`: `/quiz chapters <list|all>` (which chapters the daily questions
 * come from) and the topic or chapter of `/quiz practice [topic]`, with its autocomplete.
 */
import { type Book, findScope, type PracticeScope } from '../content/book.ts';
import { type Locale, t } from './i18n.ts';
import { refOf } from './quiz-plan.ts';
import { type Reply, userText } from './reply.ts';
import type { CommandRequest } from './request.ts';
import type { Study } from './study.ts';

function notice(text: string): Reply {
  return { visibility: 'requester', sections: [text], tone: 'neutral' };
}

/** `1 왜 쿠버네티스인가?`; just `1` for a chapter titled by its id. */
export function chapterLabel(book: Book, id: string, locale: Locale): string {
  const title = book.chapters.find((chapter) => chapter.id === id)?.title[locale];
  return title && title !== id ? `${id} ${title}` : id;
}

/** `/quiz chapters <1,2|all>` (admin): the chapters the community's daily questions come from. */
export async function setChapters(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const book = study.content.book;
  const raw = typeof request.options.chapters === 'string' ? request.options.chapters.trim() : '';
  const tokens = raw.split(/[\s,]+/).filter((token) => token.length > 0);
  const known = book.chapters.map((chapter) => chapter.id);
  if (tokens.length === 0 || tokens.some((token) => token.toLowerCase() === 'all')) {
    await study.communities.setChapters(refOf(request), undefined);
    return { visibility: 'channel', sections: [t(locale, 'quiz.chaptersAll')], tone: 'success' };
  }
  const unknown = tokens.find((token) => !known.includes(token));
  if (unknown !== undefined) {
    return notice(t(locale, 'quiz.chaptersBad', { token: userText(unknown.slice(0, 40)), known: known.map((id) => `\`${id}\``).join(', ') }));
  }
  // Book order, once each, whatever order they were typed in.
  const chosen = known.filter((id) => tokens.includes(id));
  await study.communities.setChapters(refOf(request), chosen);
  const list = chosen.map((id) => chapterLabel(book, id, locale)).join(', ');
  return { visibility: 'channel', sections: [t(locale, 'quiz.chaptersSet', { chapters: list })], tone: 'success' };
}

/** The scope `/quiz practice [topic]` names: none for all, a scope, or a reply listing what exists. */
export function practiceScope(request: CommandRequest, book: Book): { scope?: PracticeScope } | { reply: Reply } {
  const raw = typeof request.options.topic === 'string' ? request.options.topic.trim() : '';
  if (!raw) return {};
  const scope = findScope(book, raw);
  if (scope) return { scope };
  const locale = request.user.locale;
  const topics = book.topics.map((topic) => `\`${topic.id}\``).join(', ');
  const chapters = book.chapters.map((chapter) => `\`${chapter.id}\``).join(', ');
  return { reply: notice(t(locale, 'quiz.practiceUnknownTopic', { token: userText(raw.slice(0, 40)), topics, chapters })) };
}

/** What a practice scope is called in a reply: the topic's name or the chapter's label. */
export function scopeName(book: Book, scope: PracticeScope, locale: Locale): string {
  if (scope.kind === 'chapter') return chapterLabel(book, scope.id, locale);
  return book.topics.find((topic) => topic.id === scope.id)?.name[locale] ?? scope.id;
}

/** Autocomplete for the `topic` option: topics and chapters whose id or name holds what was typed. */
export function completeScope(book: Book, typed: string, locale: Locale): Array<{ name: string; value: string }> {
  const wanted = typed.trim().toLowerCase();
  const matches = (...texts: string[]) => wanted === '' || texts.some((text) => text.toLowerCase().includes(wanted));
  const chapters = book.chapters
    .filter((chapter) => matches(chapter.id, chapter.title.ko, chapter.title.en))
    .map((chapter) => ({ name: chapterLabel(book, chapter.id, locale).slice(0, 100), value: chapter.id }));
  const topics = book.topics
    .filter((topic) => matches(topic.id, topic.name.ko, topic.name.en))
    .map((topic) => ({ name: `${topic.name[locale]} (${topic.id})`.slice(0, 100), value: topic.id }));
  return [...chapters, ...topics].slice(0, 25);
}
