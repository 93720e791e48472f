/**
 * The console as a person meets it: `npm start` on a real pseudo-terminal (util-linux
 * `script`), driven by keystrokes. A pipe hides what matters here: readline's raw mode,
 * where Ctrl+D and Ctrl+C are bytes and not end of file or a signal, and a terminal that
 * logs and the conversation share.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killSpawned, spawnCaptured } from '../support/process.ts';
import { freePort } from '../support/redis.ts';

const hasScript = existsSync('/usr/bin/script');
const dirs: string[] = [];
afterEach(async () => {
  killSpawned();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { force: true, recursive: true })));
});

/** Escape sequences out, so assertions read the text a person sees. */
const visible = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

async function onTerminal(command: string, env: Record<string, string> = {}) {
  const dir = path.join(tmpdir(), `studybot-tty-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  dirs.push(dir);
  const logFile = path.join(dir, 'studybot.log');
  const captured = spawnCaptured('script', ['-qfec', command, '/dev/null'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      TERM: 'xterm',
      STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
      CONTENT_DIR: 'tests/fixtures/content',
      LOG_FILE: logFile,
      ...env,
    },
  });
  const screen = () => visible(captured.out());
  const waitFor = async (test: (screen: string) => boolean, what: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test(screen())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen so far:\n${screen()}`);
      if (captured.child.exitCode !== null) throw new Error(`exited (${captured.child.exitCode}) before ${what}; screen:\n${screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Resolves with the exit code, or 'alive' if the process is still running after `ms`. */
  const exitWithin = (ms: number) => Promise.race([captured.exited, new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), ms))]);
  const type = (keys: string) => captured.child.stdin.write(keys);
  return { ...captured, screen, waitFor, exitWithin, type, logFile };
}

const started = (screen: string) => /(^|\n)> $/.test(screen);

describe.skipIf(!hasScript)('the console on a terminal', () => {
  it('GIVEN the harness THEN the child really has a TTY on stdin, stdout and stderr', async () => {
    const probe = await onTerminal(`node -e "console.log('tty', !!process.stdin.isTTY, !!process.stdout.isTTY, !!process.stderr.isTTY)"`);
    expect(await probe.exitWithin(10_000)).toBe(0);
    expect(probe.screen()).toContain('tty true true true');
  });

  it.each([
    ['Ctrl+D', '\x04'],
    ['Ctrl+C pressed once', '\x03'],
    ['/quit', '/quit\r'],
  ])(
    'GIVEN a started console WHEN %s THEN the bot exits 0 within 2 s',
    async (_name, keys) => {
      // warn, so this test is about quitting and not about info lines on the screen.
      const bot = await onTerminal('npm start', { LOG_LEVEL: 'warn' });
      await bot.waitFor(started, 'the prompt');
      await bot.waitFor((screen) => screen.includes('k8s 스터디 봇'), 'the banner');
      bot.type('/define pod\r');
      await bot.waitFor((screen) => screen.includes('Pod · 파드') && started(screen), 'the answer and a new prompt');
      bot.type(keys);
      expect(await bot.exitWithin(2_000)).toBe(0);
    },
    60_000,
  );

  it('GIVEN info logging WHEN the console starts and a round is posted THEN only the conversation is on screen, the full log is in the file the banner names, and the prompt comes back after the post', async () => {
    const port = await freePort();
    const bot = await onTerminal('npm start', { LOG_LEVEL: 'info', DEFAULT_LOCALE: 'en', QUIZ_CRON: '*/2 * * * * *', PORT: String(port) });
    await bot.waitFor((screen) => screen.includes('k8s study bot (console)') && started(screen), 'the banner and the prompt');
    expect(bot.screen()).toContain(bot.logFile);
    // The banner names the web pages; stderr does not say it a second time on the same screen.
    expect(bot.screen().match(/Glossary on the web: http:\/\/localhost:\d+\/glossary/g)).toEqual([`Glossary on the web: http://localhost:${port}/glossary`]);
    bot.type('/quiz subscribe\r');
    await bot.waitFor((screen) => screen.includes('now gets the daily quiz'), 'the subscription');
    await bot.waitFor((screen) => /Daily quiz ·[\s\S]*\[A\] \[B\][^\n]*\n+> $/.test(screen), 'a posted question followed by a fresh prompt', 20_000);
    bot.type('/quit\r');
    expect(await bot.exitWithin(5_000)).toBe(0);
    const screen = bot.screen();
    expect(screen).not.toMatch(/INFO|study bot started|round done|catching up/);
    const log = await readFile(bot.logFile, 'utf8');
    expect(log).toContain('study bot started');
    expect(log).toContain('round done');
  }, 60_000);
});
