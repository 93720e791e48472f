import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killSpawned, spawnCaptured } from '../support/process.ts';

const files: string[] = [];
afterEach(async () => {
  killSpawned();
  await Promise.all(files.splice(0).map((file) => rm(file, { force: true, recursive: true })));
});

function startBot(env: Record<string, string>, npmArgs = ['start', '--silent']) {
  const dir = path.join(tmpdir(), `studybot-e2e-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  files.push(dir);
  const { child, out, err, exited } = spawnCaptured('npm', npmArgs, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
      CONTENT_DIR: 'tests/fixtures/content',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const waitFor = async (text: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!out().includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; stdout so far:\n${out()}\nstderr:\n${err()}`);
      if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}) before ${JSON.stringify(text)}; stderr:\n${err()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** The exit code, or 'alive' if the process still runs after `ms`. */
  const exitWithin = (ms: number) => Promise.race([exited, new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), ms))]);
  return { child, exited, waitFor, exitWithin, out, err };
}

describe('npm start in console mode', () => {
  it('GIVEN piped input THEN every line is answered on stdout AND the bot exits 0 at the end of input', async () => {
    const bot = startBot({ DEFAULT_LOCALE: 'ko' });
    bot.child.stdin.end(['/define kubelet', '/define ㅋㅂㄹ', '/define kubelte', '/define \u0007"unclosed', '/nope', '/quiz', 'A', 'A', ''].join('\n'));
    expect(await bot.exited).toBe(0);
    const out = bot.out();
    expect(out.match(/kubelet · 큐블릿/g)).toHaveLength(3);
    expect(out).toContain('따옴표가 닫히지 않았어요');
    expect(out).toContain('/nope 명령은 없어요');
    expect(out).toContain('연습 문제');
    expect(out).toMatch(/정답이에요|오답이에요/);
    expect(out).toContain('이 연습 문제는 이미 답했어요');
    expect(out).not.toMatch(/"level"/);
  }, 60_000);

  it('GIVEN a seconds-level QUIZ_CRON and a subscribed console THEN questions arrive, an answer is recorded and the next round reveals it', async () => {
    const bot = startBot({ DEFAULT_LOCALE: 'en', QUIZ_CRON: '*/3 * * * * *' });
    bot.child.stdin.write('/quiz subscribe\n');
    await bot.waitFor('now gets the daily quiz');
    await bot.waitFor('Daily quiz ·');
    bot.child.stdin.write('B\n');
    await bot.waitFor('Answer recorded (B)');
    await bot.waitFor('Answer ·', 20_000);
    expect(bot.out()).toMatch(/1 answered, [01] got it right\./);
    bot.child.stdin.end('/streak\n');
    expect(await bot.exited).toBe(0);
    expect(bot.out()).toContain("console-user's record");
  }, 60_000);

  it('GIVEN plain `npm start` (no --silent) in a pipe THEN stdout holds the conversation and no line of npm', async () => {
    const bot = startBot({ DEFAULT_LOCALE: 'ko' }, ['start']);
    bot.child.stdin.end('/define pod\n');
    expect(await bot.exited).toBe(0);
    expect(bot.out()).toContain('Pod · 파드');
    expect(bot.out()).not.toMatch(/^> /m);
  }, 60_000);

  it('GIVEN piped input WHEN /quit is read THEN the bot exits 0 within 2 s and answers nothing after it, though input is still open', async () => {
    const bot = startBot({ DEFAULT_LOCALE: 'en' });
    bot.child.stdin.write('/define kubelet\n');
    await bot.waitFor('kubelet ·');
    bot.child.stdin.write('/quit\n/help\n');
    expect(await bot.exitWithin(2_000)).toBe(0);
    expect(bot.out()).not.toContain('k8s study bot help');
  }, 60_000);

  it('GIVEN questions arriving every 2 s WHEN /quiz schedule moves the community to 04:00 UTC THEN no more questions arrive AND /quiz status names the new schedule and its next question', async () => {
    const bot = startBot({ DEFAULT_LOCALE: 'en', QUIZ_CRON: '*/2 * * * * *' });
    bot.child.stdin.write('/quiz subscribe\n');
    await bot.waitFor('Daily quiz ·');
    bot.child.stdin.write('/quiz schedule 04:00 UTC\n');
    await bot.waitFor('Schedule set: daily at 04:00 (UTC)');
    const questions = () => bot.out().split('Daily quiz ·').length - 1;
    const before = questions();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(questions()).toBe(before);
    bot.child.stdin.end('/quiz status\n');
    expect(await bot.exited).toBe(0);
    const status = bot.out().slice(bot.out().lastIndexOf('Daily quiz status'));
    expect(status).toContain('daily at 04:00 (UTC)');
    expect(status).toMatch(/Next question\W+\d{4}-\d{2}-\d{2} 04:00 \(UTC\)/);
  }, 60_000);
});
