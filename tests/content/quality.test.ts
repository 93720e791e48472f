import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../src/content/check.ts';
import { formatProblem, loadContent, loadContentFolder } from '../../src/content/loader.ts';
import { qualityCheck, readKoTerms } from '../../src/content/quality-checks.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/content-quality');

async function check(name: string) {
  const dir = path.join(FIXTURES, name);
  const { content, problems } = await loadContentFolder(dir, dir);
  expect(problems).toEqual([]);
  return { content, report: qualityCheck(content, await readKoTerms(dir)) };
}

describe('content quality checks', () => {
  it('GIVEN a bank with equal-length choices, four letters once each, distinct questions and preferred terms THEN no problem', async () => {
    const { report } = await check('balanced');
    expect(report.problems).toEqual([]);
    expect(report.termsChecked).toBe(1);
  });

  it('GIVEN the right Korean choice strictly the longest in 2 of 4 questions THEN the bank fails for Korean only', async () => {
    const { report } = await check('longest');
    expect(report.problems.map(formatProblem)).toEqual([
      'content/trivia: bank (ko): the right choice is strictly the longest in 2 of 4 questions (50%, max 35%)',
    ]);
    expect(report.length.find((row) => row.scope === 'bank' && row.language === 'en')?.longest).toBe(0);
  });

  it('GIVEN two questions with the same question and right choice THEN the later fails, unless one names the other in see_also', async () => {
    const { content, report } = await check('similar');
    expect(report.problems.map(formatProblem)).toEqual([
      'trivia/questions.yaml:40 q-004: question and right choice are 100% alike to q-001 (max 40%): reword one or name the other in see_also',
    ]);
    const linked = { ...content, trivia: content.trivia.map((q) => (q.id === 'q-001' ? { ...q, see_also: ['q-004'] } : q)) };
    const relinked = qualityCheck(linked, undefined);
    expect(relinked.problems).toEqual([]);
    expect(relinked.linkedPairs).toBe(1);
    const dangling = { ...content, trivia: content.trivia.map((q) => (q.id === 'q-004' ? { ...q, see_also: ['q-001', 'q-999', 'q-004'] } : q)) };
    expect(qualityCheck(dangling, undefined).problems).toEqual([]);
    expect(crossCheck(dangling, undefined).map((p) => `${p.id}: ${p.message}`)).toEqual([
      "q-004: see_also 'q-999' is not another question's id",
      "q-004: see_also 'q-004' is not another question's id",
      'q-004: near-duplicate of q-001 (100% alike)',
    ]);
  });

  it('GIVEN a Korean explanation writing a form terms-ko.yaml says to avoid THEN it fails; the same form as a glossary alias does not', async () => {
    const { report } = await check('terms');
    expect(report.problems.map(formatProblem)).toEqual([
      "trivia/questions.yaml:27 q-003: ko.explanation writes '권한을 가진 컨테이너'; the Korean rendering of 'privileged container' is '특권 컨테이너' (terms-ko.yaml)",
    ]);
    expect(report.termHits).toBe(1);
  });

  it('GIVEN answers A, A, B, C, D THEN the letters fail overall and in the topic (A twice as frequent as B)', async () => {
    const { report } = await check('letters');
    expect(report.problems.map((p) => p.message)).toEqual([
      'bank: answer letters A 2, B 1, C 1, D 1 (most/least 2.00, max 1.5)',
      'topic drift: answer letters A 2, B 1, C 1, D 1 (most/least 2.00, max 1.5)',
    ]);
  });

  it('GIVEN folders that fail every quality check THEN the bot still loads each of them', async () => {
    for (const name of ['longest', 'similar', 'terms', 'letters']) {
      const content = await loadContent(path.join(FIXTURES, name));
      expect(content.trivia.length, name).toBeGreaterThan(0);
    }
  });
});
