/**
 * The titles of the book's sections, for people (`§1.1 핵심 용어`). They come from `book.yaml`
 * (src/content/book.ts); a folder without one titles each section by its id, shown as just `§1.2`.
 */
import type { Locale } from './languages.ts';
import type { Content } from './schema.ts';

/** A section's title in the reader's language, or undefined when the content names none beyond its id. */
export function sectionTitle(content: Pick<Content, 'sections'>, id: string, locale: Locale): string | undefined {
  const title = content.sections.get(id)?.[locale];
  return title === id ? undefined : title;
}

/** `§1.1 핵심 용어`: the id once, then the title; just `§1.1` for a section without one. */
export function sectionLabel(content: Pick<Content, 'sections'>, id: string, locale: Locale): string {
  const title = sectionTitle(content, id, locale);
  return title ? `§${id} ${title}` : `§${id}`;
}
