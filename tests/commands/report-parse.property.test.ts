/**
 * `/report <id> <reason>` as typed text, through the same parser every text platform uses
 * (`parseArguments`: Slack's text, the console's line): the first word is the id, everything
 * after it, as written, the reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseReportText } from '../../commands/report.ts';
import { parseArguments, parseCommandLine } from '../../src/core/text-command.ts';

const word = fc.stringMatching(/^[A-Za-z0-9가-힣._-]{1,30}$/);
/** Prose as people type it: quotes, markup, Korean, runs of spaces; never only spaces. */
const reason = fc
  .array(fc.constantFrom('B', 'is', 'right', '"too"', '“따옴표”', "it's", '**x**', '<@1>', '[a](b)', '가나다', ' ', '  ', '/report', '|', '`'), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(' '))
  .filter((text) => text.trim() !== '');
const gap = fc.constantFrom(' ', '  ', '\t', ' \t ');

describe('/report text', () => {
  it('GIVEN any id and reason THEN the id is the first word and the reason the rest, trimmed, on Slack and the console alike', () => {
    fc.assert(
      fc.property(word, gap, reason, (id, space, why) => {
        const expected = { item: id, reason: why.trim() };
        expect(parseReportText(`${id}${space}${why}`)).toEqual(expected);
        expect(parseArguments('report', `${id}${space}${why}`, commands).options).toEqual(expected);
        expect(parseCommandLine(`/report ${id}${space}${why}`, commands).options).toEqual(expected);
      }),
    );
  });

  it('GIVEN only an id, or nothing THEN the reason is missing (the dispatcher asks for it)', () => {
    fc.assert(
      fc.property(word, gap, (id, space) => {
        expect(parseReportText(`${space}${id}${space}`)).toEqual({ item: id });
      }),
    );
    expect(parseReportText('   ')).toEqual({});
  });
});
