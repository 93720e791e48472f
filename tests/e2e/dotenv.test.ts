import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killSpawned, spawnCaptured } from '../support/process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const FIXTURE_CONTENT = path.join(ROOT, 'tests/fixtures/content');
// `--import tsx` resolves from the working directory, which here has no node_modules.
const TSX = import.meta.resolve('tsx');

const dirs: string[] = [];
afterEach(async () => {
  killSpawned();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs `node --import tsx src/main.ts` in `cwd` with only PATH and HOME (plus `env`) set, feeding `input`. */
async function runBot(cwd: string, input: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bot = spawnCaptured(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
  });
  bot.child.stdin.end([...input, ''].join('\n'));
  return { code: await bot.exited, stdout: bot.out(), stderr: bot.err() };
}

async function workDir(dotenv?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-dotenv-'));
  dirs.push(dir);
  if (dotenv !== undefined) await writeFile(path.join(dir, '.env'), dotenv);
  return dir;
}

describe('.env in the working directory', () => {
  it('GIVEN a .env THEN the bot starts with its values AND a variable set in the environment wins over it', async () => {
    const dir = await workDir(
      ['# read at start', `CONTENT_DIR=${FIXTURE_CONTENT}`, 'STORE_URL=memory://', 'DEFAULT_LOCALE=en', 'LOG_LEVEL=silent', ''].join('\n'),
    );
    const fromFile = await runBot(dir, ['/define kubelet']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('The agent on every node');

    const overridden = await runBot(dir, ['/define kubelet'], { DEFAULT_LOCALE: 'ko' });
    expect(overridden.code, overridden.stderr).toBe(0);
    expect(overridden.stdout).toContain('각 노드에서');
  });

  it('GIVEN a bad value in .env THEN start-up fails naming the variable', async () => {
    const dir = await workDir(`CONTENT_DIR=${FIXTURE_CONTENT}\nSTORE_URL=memory://\nQUIZ_TIMEZONE=Mars/Olympus\n`);
    const run = await runBot(dir, []);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("QUIZ_TIMEZONE: 'Mars/Olympus' is not an IANA time zone");
  });
});
