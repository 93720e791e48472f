import { z } from 'zod';
import type { Book } from './book.ts';

const text = z.string().trim().min(1, 'must not be empty');
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, hyphens)');
const section = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^\d+(?:\.\d+){0,3}$/, 'must be a section number such as "1.2"'));
const https = z
  .string()
  .url('must be a URL')
  .refine((url) => url.startsWith('https://'), 'must be an https URL');

export const glossaryEntrySchema = z.object({
  id,
  term: text,
  aliases: z.array(text).default([]),
  ko: z.object({ name: text, short: text, long: text.optional() }),
  en: z.object({ short: text, long: text.optional() }),
  related: z.array(id).default([]),
  source: section,
  links: z.array(https).default([]),
});

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Letter = (typeof LETTERS)[number];

const questionText = z.object({
  question: text,
  choices: z.array(text).min(2, 'needs 2 to 4 choices').max(4, 'needs 2 to 4 choices'),
  explanation: text,
});

export const questionSchema = z
  .object({
    id,
    topic: id,
    source: section,
    terms: z.array(id).default([]),
    // Questions that teach something close to this one on purpose; content:check lets such pairs be alike.
    see_also: z.array(id).default([]),
    answer: z.string().refine((value): value is Letter => (LETTERS as readonly string[]).includes(value), {
      error: (issue) => `'${String(issue.input)}' is not one of A-D`,
    }),
    ko: questionText,
    en: questionText,
  })
  .superRefine((question, ctx) => {
    if (question.ko.choices.length !== question.en.choices.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['en', 'choices'],
        message: `has ${question.en.choices.length} choices but ko has ${question.ko.choices.length}`,
      });
    }
    const index = LETTERS.indexOf(question.answer as Letter);
    if (index >= question.ko.choices.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `'${question.answer}' is beyond the ${question.ko.choices.length} choices`,
      });
    }
  });

interface Located {
  file: string;
  line: number;
}

export type GlossaryEntry = z.infer<typeof glossaryEntrySchema> & Located;
export type Question = Omit<z.infer<typeof questionSchema>, 'answer'> & { answer: Letter } & Located;

export interface Content {
  glossary: GlossaryEntry[];
  trivia: Question[];
  /** Section id (chapters too) → its title in each language, from the book. */
  sections: Map<string, { ko: string; en: string }>;
  /** The book: chapters, sections, topics (book.yaml, or made from the entries). */
  book: Book;
}
