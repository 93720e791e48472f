/**
 * `npm run content:check [dir]`: validates the content like the bot does at start,
 * then cross-checks it, prints a coverage table and the quality figures. Exits 1 on any problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { answerBalance, coverageTable, crossCheck, readCoverage, sectionsInNotes } from '../src/content/check.ts';
import { formatProblem, loadContentFolder } from '../src/content/loader.ts';
import { MAX_LETTER_RATIO, MAX_LONGEST_RIGHT_SHARE, MAX_SIMILARITY, qualityCheck, readKoTerms } from '../src/content/quality-checks.ts';

const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? 'content';
const notesPath = process.env.SEED_NOTES ?? path.resolve('../shared/seed/core-kubernetes-ch1-notes.ko.md');

const { content, problems } = await loadContentFolder(dir, process.cwd(), process.argv[2] ? undefined : 'CONTENT_DIR');
const coverage = await readCoverage(dir);
const koTerms = await readKoTerms(dir);
const notesSections = existsSync(notesPath) ? sectionsInNotes(readFileSync(notesPath, 'utf8')) : undefined;
const valid = problems.length === 0;
if (valid) problems.push(...crossCheck(content, coverage, notesSections));
// The bank's quality is held where the folder says it is a bank to hold (coverage.yaml), like its coverage.
const quality = valid && coverage ? qualityCheck(content, koTerms) : undefined;
if (quality) problems.push(...quality.problems);

// The table follows the book (book.yaml, or the sections the entries name), with or without coverage rules.
if (valid) {
  console.log(`Content coverage (${dir}): ${content.glossary.length} glossary entries, ${content.trivia.length} questions`);
  console.log('| section | title | glossary | trivia | min trivia |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const row of coverageTable(content, coverage)) {
    console.log(`| ${row.section} | ${row.title} | ${row.terms} | ${row.questions} | ${row.minQuestions ?? ''} |`);
  }
}
if (coverage) {
  const balance = answerBalance(content);
  console.log(
    `Answer letters: ${Object.entries(balance)
      .map(([letter, count]) => `${letter} ${count}`)
      .join(', ')}`,
  );
  const missing = coverage.required_terms.filter((id) => !content.glossary.some((entry) => entry.id === id));
  console.log(
    `Required terms: ${coverage.required_terms.length - missing.length}/${coverage.required_terms.length} present${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
  );
  if (!notesSections) console.log(`(notes not found at ${notesPath}: sources checked against the book only)`);
}

if (quality) {
  const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
  console.log(
    `\nRight choice strictly the longest (max ${pct(MAX_LONGEST_RIGHT_SHARE)}; topics under 8 questions not held alone) and answer letters (most/least, max ${MAX_LETTER_RATIO}):`,
  );
  console.log('| scope | questions | longest ko | longest en | A | B | C | D | most/least |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const letters of quality.letters) {
    const share = (language: 'ko' | 'en') => {
      const figure = quality.length.find((row) => row.scope === letters.scope && row.language === language)!;
      return `${figure.longest} (${pct(figure.longest / Math.max(1, figure.questions))})${figure.held ? '' : ' *'}`;
    };
    const questions = Object.values(letters.counts).reduce((sum, count) => sum + count, 0);
    const { A, B, C, D } = letters.counts;
    console.log(`| ${letters.scope} | ${questions} | ${share('ko')} | ${share('en')} | ${A} | ${B} | ${C} | ${D} | ${letters.ratio.toFixed(2)} |`);
  }
  const closest = quality.closest;
  console.log(
    `Most alike pair not linked by see_also: ${closest ? `${closest.a} / ${closest.b} ${pct(closest.similarity)}` : 'none'} (max ${pct(MAX_SIMILARITY)}); pairs linked by see_also: ${quality.linkedPairs}`,
  );
  console.log(
    koTerms
      ? `Korean terminology: ${quality.termsChecked} terms in terms-ko.yaml, ${quality.termHits} forms to avoid found`
      : 'Korean terminology: no terms-ko.yaml, not checked',
  );
}

if (problems.length > 0) {
  console.error(`\ncontent:check found ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
  process.exit(1);
}
console.log('\ncontent:check passed');
