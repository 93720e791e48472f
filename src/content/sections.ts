/**
 * The titles of the notes' sections, for people (`§1.1 핵심 용어`). Today they are the
 * `sections` of `coverage.yaml` (the titles `content:check` prints), written `한국어 / English`;
 * where they come from is this file's business alone, so moving them elsewhere changes only
 * `readSectionTitles`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Locale, Localized } from './languages.ts';
import type { ContentProblem } from './loader.ts';
import type { Content } from './schema.ts';

export type SectionTitles = Map<string, Localized>;

const titlesSchema = z.object({
  sections: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), title: z.string().min(1) })).default([]),
});

/** Reads the titles from `<dir>/coverage.yaml`; a folder without one has no titles (labels fall back to the id). */
export async function readSectionTitles(dir: string, file: string): Promise<{ titles: SectionTitles; problems: ContentProblem[] }> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'coverage.yaml'), 'utf8');
  } catch {
    return { titles: new Map(), problems: [] };
  }
  let parsed: ReturnType<typeof titlesSchema.safeParse>;
  try {
    parsed = titlesSchema.safeParse(parse(text) ?? {});
  } catch (error) {
    return { titles: new Map(), problems: [{ file, line: 1, message: `YAML syntax: ${(error as Error).message.split('\n')[0]}` }] };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { titles: new Map(), problems: [{ file, line: 1, message: `${issue.path.join('.')} ${issue.message}` }] };
  }
  const titles: SectionTitles = new Map();
  for (const section of parsed.data.sections) {
    const [ko = section.title, en = ko] = section.title.split(' / ').map((part) => part.trim());
    titles.set(section.id, { ko, en });
  }
  return { titles, problems: [] };
}

/** A section's title in the reader's language, or undefined when the content names none. */
export function sectionTitle(content: Pick<Content, 'sections'>, id: string, locale: Locale): string | undefined {
  return content.sections.get(id)?.[locale];
}

/** `§1.1 핵심 용어`: the id once, then the title; just `§1.1` for a section without one. */
export function sectionLabel(content: Pick<Content, 'sections'>, id: string, locale: Locale): string {
  const title = sectionTitle(content, id, locale);
  return title ? `§${id} ${title}` : `§${id}`;
}
