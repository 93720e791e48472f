import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crossCheck, sectionsInNotes } from '../../src/content/check.ts';
import { ContentError, formatProblem, loadContent, loadContentFolder } from '../../src/content/loader.ts';
import { FIXTURE_CONTENT, TWO_CHAPTERS_CONTENT } from '../support/study.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-content-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'glossary'));
  await mkdir(path.join(dir, 'trivia'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

const question = (id: string, answer = 'A', extra = '') => `- id: ${id}
  topic: drift
  source: "1.2"
  terms: []
  answer: ${answer}
  ko:
    question: 드리프트란?
    choices: [가, 나, 다, 라]
    explanation: 설명입니다.
  en:
    question: What is drift?
    choices: [a, b, c, d]
    explanation: Because.
${extra}`;

describe('content loader', () => {
  it('GIVEN the fixture folder THEN it loads with no problems', async () => {
    const content = await loadContent(FIXTURE_CONTENT);
    expect(content.glossary.length).toBeGreaterThan(0);
    expect(content.trivia.length).toBeGreaterThan(0);
  });

  it("GIVEN answer 'E' THEN the problem names file, line, id and field", async () => {
    const dir = await folder({ 'trivia/drift.yaml': `${question('drift-001')}${question('drift-007', 'E')}` });
    const { problems } = await loadContentFolder(dir, dir);
    expect(problems.map(formatProblem)).toEqual(["trivia/drift.yaml:18 drift-007: answer 'E' is not one of A-D"]);
  });

  it('GIVEN several broken entries in several files THEN every problem is reported, not just the first', async () => {
    const dir = await folder({
      'trivia/a.yaml': question('a-001', 'Z'),
      'trivia/b.yaml': question('b-001').replace('choices: [a, b, c, d]', 'choices: [a, b, c]'),
      'glossary/g.yaml':
        '- id: Bad Id\n  term: x\n  ko: {name: 엑스, short: 짧게}\n  en: {short: short}\n  source: "1.1"\n  links: [http://insecure.example]\n',
    });
    const { problems } = await loadContentFolder(dir, dir);
    const text = problems.map(formatProblem).join('\n');
    expect(text).toContain("trivia/a.yaml:5 a-001: answer 'Z' is not one of A-D");
    expect(text).toContain('trivia/b.yaml:12 b-001: en.choices has 3 choices but ko has 4');
    expect(text).toMatch(/glossary\/g\.yaml:1 Bad Id: id must be kebab-case/);
    expect(text).toMatch(/glossary\/g\.yaml:6 Bad Id: links\.0 must be an https URL/);
    await expect(loadContent(dir)).rejects.toBeInstanceOf(ContentError);
  });

  it('GIVEN a missing field THEN the problem points at the entry', async () => {
    const dir = await folder({ 'trivia/c.yaml': question('c-001').replace('  source: "1.2"\n', '') });
    const { problems } = await loadContentFolder(dir, dir);
    expect(problems.map(formatProblem)).toEqual(['trivia/c.yaml:1 c-001: source is missing']);
  });

  it('GIVEN a YAML syntax error and a duplicate id THEN both are reported with lines', async () => {
    const dir = await folder({
      'trivia/bad.yaml': '- id: x\n  topic: [unclosed\n',
      'trivia/dup.yaml': `${question('same-001')}${question('same-001')}`,
    });
    const { problems } = await loadContentFolder(dir, dir);
    const text = problems.map(formatProblem).join('\n');
    expect(text).toMatch(/trivia\/bad\.yaml:\d+: YAML syntax/);
    expect(text).toContain('trivia/dup.yaml:14 same-001: duplicate id (first at trivia/dup.yaml:1)');
  });

  it('GIVEN a file that is not a list THEN it says so', async () => {
    const dir = await folder({ 'glossary/map.yaml': 'id: kubelet\nterm: kubelet\n' });
    const { problems } = await loadContentFolder(dir, dir);
    expect(problems.map(formatProblem)).toEqual(['glossary/map.yaml:1: must be a list of entries']);
  });

  it('GIVEN a content folder that is not there THEN the one problem names the folder it looked for AND the setting to fix', async () => {
    const cwd = process.cwd();
    const error = await loadContent('no-such-content', 'CONTENT_DIR').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems.map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${path.join(cwd, 'no-such-content')}: cannot read the content folder (ENOENT).`);
    expect(problems[0]).toContain(`CONTENT_DIR is 'no-such-content', relative to the working directory ${cwd}`);
    expect(problems[0]).not.toContain(':0');
  });

  it("GIVEN book.yaml THEN the loaded content has each section's title in both languages", async () => {
    const content = await loadContent(TWO_CHAPTERS_CONTENT);
    expect(content.sections.get('1.1')).toEqual({ ko: '핵심 용어', en: 'Core terms' });
    expect(content.sections.get('2')).toEqual({ ko: '왜 파드인가?', en: 'Why the Pod?' });
  });
});

describe('content cross-checks', () => {
  it('GIVEN an alias used by two entries and a related id that does not exist THEN both are problems', async () => {
    const content = await loadContent(FIXTURE_CONTENT);
    const [kubelet, pod] = content.glossary;
    const broken = {
      ...content,
      glossary: [{ ...kubelet!, related: ['nope'] }, { ...pod!, aliases: [...pod!.aliases, 'Kube-Let'] }, ...content.glossary.slice(2)],
    };
    const messages = crossCheck(broken, undefined).map((p) => `${p.id}: ${p.message}`);
    expect(messages).toContain("kubelet: related 'nope' is not a glossary id");
    expect(messages).toContain("pod: alias/name 'Kube-Let' is also used by 'kubelet'");
  });

  it('GIVEN the notes THEN their sections are read from the headings', () => {
    const sections = sectionsInNotes('## 1장\n### 1.1. 사전 준비\n#### 1.4.1. YAML\n### 1.7. 끝\n');
    expect(sections.sort()).toEqual(['1', '1.1', '1.4.1', '1.7']);
  });

  it('GIVEN an unbalanced bank THEN the letter share is a problem', async () => {
    const content = await loadContent(FIXTURE_CONTENT);
    const allA = { ...content, trivia: content.trivia.map((q) => ({ ...q, answer: 'A' as const })) };
    const coverage = {
      sections: [
        { id: '1.1', title: 't' },
        { id: '1.2', title: 'd' },
      ],
      required_terms: [],
      min_total_questions: 0,
      max_answer_share: 0.35,
    };
    expect(crossCheck(allA, coverage).map((p) => p.message)).toContain('answer A holds 100% of the bank (max 35%)');
  });
});
