import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadContent, loadContentFolder } from '../../src/content/loader.ts';
import { killSpawned, spawnCaptured } from '../support/process.ts';
import { FIXTURE_CONTENT, TWO_CHAPTERS_CONTENT } from '../support/study.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(async () => {
  killSpawned();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the two-chapter fixture with one file's text edited. */
async function edited(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-book-'));
  dirs.push(dir);
  await cp(TWO_CHAPTERS_CONTENT, dir, { recursive: true });
  await writeFile(path.join(dir, file), edit(await readFile(path.join(dir, file), 'utf8')));
  return dir;
}

async function contentCheck(dir: string) {
  const run = spawnCaptured(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', dir], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
  const code = await Promise.race([run.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
  return { code, out: run.out(), err: run.err() };
}

describe('the book as data (book.yaml)', () => {
  it('GIVEN a question whose source is not a section of book.yaml THEN the loader names file, line, id and field', async () => {
    const dir = await edited('trivia/chapter-2.yaml', (text) => text.replace('source: "2.1"', 'source: "2.9"'));
    const { problems } = await loadContentFolder(dir, dir);
    expect(problems.map(formatProblem)).toEqual(["trivia/chapter-2.yaml:42 web-app-001: source '2.9' is not a section of book.yaml"]);
  });

  it('GIVEN a term whose source is in no chapter of book.yaml THEN the loader names file, line, id and field', async () => {
    const dir = await edited('glossary/chapter-2.yaml', (text) => text.replace('source: "2.1"', 'source: "3.1"'));
    const { problems } = await loadContentFolder(dir, dir);
    expect(problems.map(formatProblem)).toEqual(["glossary/chapter-2.yaml:32 web-frontend: source '3.1' is not a section of book.yaml"]);
  });

  it('GIVEN a question whose topic book.yaml does not list THEN the loader names file, line, id and field', async () => {
    const dir = await edited('trivia/chapter-2.yaml', (text) => text.replace('topic: web-app', 'topic: web-apps'));
    const { problems } = await loadContentFolder(dir, dir);
    expect(problems.map(formatProblem)).toEqual(["trivia/chapter-2.yaml:41 web-app-001: topic 'web-apps' is not a topic of book.yaml"]);
    const elsewhere = await edited('trivia/chapter-2.yaml', (text) => text.replace('topic: web-app', 'topic: drift'));
    expect((await loadContentFolder(elsewhere, elsewhere)).problems.map(formatProblem)).toEqual([
      "trivia/chapter-2.yaml:41 web-app-001: topic 'drift' is in chapter 1 but source '2.1' is in chapter 2",
    ]);
  });

  it('GIVEN a broken book.yaml THEN each problem names book.yaml, its line, the id and the field', async () => {
    const title = await edited('book.yaml', (text) =>
      text.replace('{ id: "2.2", title: { ko: "파드란 무엇인가?", en: "What is a Pod?" } }', '{ id: "2.2", title: { ko: "파드란 무엇인가?" } }'),
    );
    expect((await loadContentFolder(title, title)).problems.map(formatProblem)).toEqual(['book.yaml:15 2.2: chapters.1.sections.1.title.en is missing']);
    const chapter = await edited('book.yaml', (text) => text.replace('{ id: web-app, chapter: "2"', '{ id: web-app, chapter: "5"'));
    expect((await loadContentFolder(chapter, chapter)).problems.map(formatProblem)).toEqual([
      "book.yaml:22 web-app: topics.3.chapter '5' is not a chapter of the book",
    ]);
    // A book that loads is then held to the glossary: starting points name terms.
    const points = await edited('book.yaml', (text) => text.replace('starting_points: [linux-namespace]', 'starting_points: [linux-namespaces]'));
    expect((await loadContentFolder(points, points)).problems.map(formatProblem)).toEqual([
      "book.yaml:17 2: starting_points 'linux-namespaces' is not a glossary id",
    ]);
    const first = await edited('book.yaml', (text) => text.replace('first_topic: pods', 'first_topic: podz'));
    expect((await loadContentFolder(first, first)).problems.map(formatProblem)).toEqual([
      "book.yaml:16 2: chapters.1.first_topic 'podz' is not a listed topic",
    ]);
  });

  it('GIVEN a folder without book.yaml THEN the book is made from the entries: plain titles, the first topic met first, the first terms as starting points', async () => {
    const content = await loadContent(FIXTURE_CONTENT);
    expect(content.book.fromFile).toBe(false);
    expect(content.book.chapters).toEqual([
      {
        id: '1',
        title: { ko: '1', en: '1' },
        sections: [
          { id: '1.1', title: { ko: '1.1', en: '1.1' } },
          { id: '1.2', title: { ko: '1.2', en: '1.2' } },
        ],
        first_topic: 'drift',
        starting_points: ['kubelet', 'pod', 'node'],
      },
    ]);
    expect(content.book.topics).toEqual([
      { id: 'drift', chapter: '1', name: { ko: 'drift', en: 'drift' } },
      { id: 'terms', chapter: '1', name: { ko: 'terms', en: 'terms' } },
    ]);
  });

  it('GIVEN the two-chapter fixture THEN content:check passes and its coverage table lists chapter 2 and its sections', async () => {
    const { code, out, err } = await contentCheck(TWO_CHAPTERS_CONTENT);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('| 2 | 왜 파드인가? / Why the Pod? | 3 | 4 |  |');
    expect(out).toContain('| 2.1 | 예제 웹 애플리케이션 / An example web application | 1 | 1 |  |');
    expect(out).toContain('| 2.2 | 파드란 무엇인가? / What is a Pod? | 2 | 3 |  |');
  }, 30_000);

  it('GIVEN a source not in book.yaml THEN content:check exits 1 naming file, line, id and field', async () => {
    const dir = await edited('trivia/chapter-2.yaml', (text) => text.replace('source: "2.1"', 'source: "2.9"'));
    const { code, err } = await contentCheck(dir);
    expect(code).toBe(1);
    expect(err).toContain(`${path.relative(ROOT, path.join(dir, 'trivia/chapter-2.yaml'))}:42 web-app-001: source '2.9' is not a section of book.yaml`);
  }, 30_000);
});
