import { describe, expect, it } from 'vitest';
import { answerBalance, crossCheck, readCoverage } from '../../src/content/check.ts';
import { loadContent } from '../../src/content/loader.ts';
import { GlossarySearch } from '../../src/core/glossary-search.ts';
import { SHIPPED_CONTENT } from '../support/study.ts';

const content = await loadContent(SHIPPED_CONTENT);
const coverage = (await readCoverage(SHIPPED_CONTENT))!;
const search = new GlossarySearch(content.glossary);

describe('the shipped chapter-1 content', () => {
  it('GIVEN the coverage rules THEN the shipped content breaks none of them', () => {
    expect(crossCheck(content, coverage)).toEqual([]);
  });

  it.each(content.glossary.map((entry) => [entry.id, entry] as const))('GIVEN %s THEN /define finds it by its term, its Korean name and every alias', (_id, entry) => {
    for (const query of [entry.term, entry.ko.name, ...entry.aliases]) {
      const found = search.search(query);
      expect(found.entry?.id, query).toBe(entry.id);
      expect(found.kind, query).toBe('exact');
    }
  });

  it('GIVEN every section a term or question cites THEN /define has its title in Korean and English', () => {
    for (const source of new Set([...content.glossary, ...content.trivia].map((item) => item.source))) {
      const title = content.sections.get(source);
      expect(title?.ko, source).toMatch(/[가-힣]/);
      expect(title?.en, source).toMatch(/^[A-Z]/);
    }
  });

  it('GIVEN the required terms THEN each is in the glossary', () => {
    const ids = new Set(content.glossary.map((entry) => entry.id));
    expect(coverage.required_terms.filter((id) => !ids.has(id))).toEqual([]);
    expect(coverage.required_terms.length).toBeGreaterThanOrEqual(65);
  });

  it('GIVEN the trivia bank THEN 60+ questions, 20+ on drift, 5+ on each other section AND no letter holds over 35%', () => {
    const bySection = (prefix: string) => content.trivia.filter((q) => q.source === prefix || q.source.startsWith(`${prefix}.`)).length;
    expect(content.trivia.length).toBeGreaterThanOrEqual(60);
    expect(bySection('1.2')).toBeGreaterThanOrEqual(20);
    for (const section of ['1.1', '1.3', '1.4', '1.5', '1.6', '1.7']) expect(bySection(section), section).toBeGreaterThanOrEqual(5);
    for (const [letter, count] of Object.entries(answerBalance(content))) expect(count / content.trivia.length, letter).toBeLessThanOrEqual(0.35);
    for (const question of content.trivia) expect(question.ko.choices, question.id).toHaveLength(4);
  });
});

describe('looking up the shipped glossary the way people type', () => {
  it.each([
    ['kubelte', 'kubelet'],
    ['kublet', 'kubelet'],
    ['kubeelt', 'kubelet'],
    ['demonset', 'daemonset'],
    ['deamonset', 'daemonset'],
    ['deploymnet', 'deployment'],
    ['kubctl', 'kubectl'],
    ['contianer', 'container'],
    ['terrafrom', 'terraform'],
    ['큐블렛', 'kubelet'],
    ['큐블랫', 'kubelet'],
    ['ㅋㅂㄹ', 'kubelet'],
    ['vkem', 'pod'],
  ])('GIVEN %s THEN /define answers with %s', (query, id) => {
    expect(search.search(query).entry?.id).toBe(id);
  });
});
