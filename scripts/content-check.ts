/**
 * `npm run content:check [dir]`: validates the content like the bot does at start,
 * then cross-checks it and prints a coverage table. Exits 1 on any problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { answerBalance, coverageTable, crossCheck, readCoverage, sectionsInNotes } from '../src/content/check.ts';
import { formatProblem, loadContentFolder } from '../src/content/loader.ts';

const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? 'content';
const notesPath = process.env.SEED_NOTES ?? path.resolve('../shared/seed/core-kubernetes-ch1-notes.ko.md');

const { content, problems } = await loadContentFolder(dir, process.cwd(), process.argv[2] ? undefined : 'CONTENT_DIR');
const coverage = await readCoverage(dir);
const notesSections = existsSync(notesPath) ? sectionsInNotes(readFileSync(notesPath, 'utf8')) : undefined;
if (problems.length === 0) problems.push(...crossCheck(content, coverage, notesSections));

if (coverage) {
  console.log(`Content coverage (${dir}): ${content.glossary.length} glossary entries, ${content.trivia.length} questions`);
  console.log('| section | title | glossary | trivia | min trivia |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const row of coverageTable(content, coverage)) {
    console.log(`| ${row.section} | ${row.title} | ${row.terms} | ${row.questions} | ${row.minQuestions ?? ''} |`);
  }
  const balance = answerBalance(content);
  console.log(`Answer letters: ${Object.entries(balance).map(([letter, count]) => `${letter} ${count}`).join(', ')}`);
  const missing = coverage.required_terms.filter((id) => !content.glossary.some((entry) => entry.id === id));
  console.log(`Required terms: ${coverage.required_terms.length - missing.length}/${coverage.required_terms.length} present${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`);
  if (!notesSections) console.log(`(notes not found at ${notesPath}: sources checked against content/coverage.yaml)`);
}

if (problems.length > 0) {
  console.error(`\ncontent:check found ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
  process.exit(1);
}
console.log('\ncontent:check passed');
