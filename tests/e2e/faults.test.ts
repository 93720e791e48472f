/**
 * The bot as a process that cannot start: a platform API nothing answers on (a loopback
 * port bound and closed again), a token the platform refuses, a Redis that is not there.
 * Each ends the process with exit code 1 within 30 s and one line on stderr that names
 * what failed, its host and port, and the code; no stack trace. And a bot that started
 * and then loses its connection: /readyz says why until it is back.
 */
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { FakeSlack } from '../fakes/fake-slack.ts';
import { killSpawned, spawnCaptured } from '../support/process.ts';
import { freePort } from '../support/redis.ts';
import { FIXTURE_CONTENT } from '../support/study.ts';

const LIMIT_MS = 30_000;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  killSpawned();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the bot with only these variables (and PATH, HOME); resolves when it exits, or after the limit. */
async function runBot(env: Record<string, string>): Promise<{ code: number | null | 'still running'; ms: number; stderr: string; stdout: string }> {
  const started = Date.now();
  const bot = spawnCaptured(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      CONTENT_DIR: FIXTURE_CONTENT,
      STORE_URL: 'memory://',
      LOG_LEVEL: 'warn',
      PORT: '0',
      ...env,
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([bot.exited, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), LIMIT_MS)))]);
  clearTimeout(timer);
  return { code, ms: Date.now() - started, stderr: bot.err(), stdout: bot.out() };
}

function expectOneLine(run: Awaited<ReturnType<typeof runBot>>, line: RegExp): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.ms).toBeLessThan(LIMIT_MS);
  const lines = run.stderr.split('\n').filter((text) => text.trim() !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe('');
}

describe('a bot that cannot start', () => {
  it('GIVEN SLACK_API_URL on a closed loopback port THEN it exits 1 within 30 s with one line naming slack, the host:port and ECONNREFUSED', async () => {
    const port = await freePort();
    const run = await runBot({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: `http://127.0.0.1:${port}/api/` });
    expectOneLine(run, new RegExp(`^start-up failed: slack at 127\\.0\\.0\\.1:${port}: ECONNREFUSED \\(`));
  }, 40_000);

  it('GIVEN Socket Mode and SLACK_API_URL on a closed port THEN the same', async () => {
    const port = await freePort();
    const run = await runBot({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: `http://127.0.0.1:${port}/api/` });
    expectOneLine(run, new RegExp(`^start-up failed: slack at 127\\.0\\.0\\.1:${port}: ECONNREFUSED \\(`));
  }, 40_000);

  it('GIVEN a bot token Slack rejects THEN it exits 1 with one line naming slack and invalid_auth', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const run = await runBot({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl });
    expectOneLine(run, new RegExp(`^start-up failed: slack at 127\\.0\\.0\\.1:${fake.port}: invalid_auth\\b`));
  }, 40_000);

  it('GIVEN DISCORD_API_URL on a closed loopback port THEN it exits 1 within 30 s with one line naming discord, the host:port and ECONNREFUSED', async () => {
    const port = await freePort();
    const run = await runBot({ DISCORD_TOKEN: 'token', DISCORD_API_URL: `http://127.0.0.1:${port}/api` });
    expectOneLine(run, new RegExp(`^start-up failed: discord at 127\\.0\\.0\\.1:${port}: ECONNREFUSED \\(`));
  }, 40_000);

  it('GIVEN a token Discord rejects THEN it exits 1 with one line naming discord and TokenInvalid', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const run = await runBot({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl });
    expectOneLine(run, new RegExp(`^start-up failed: discord at 127\\.0\\.0\\.1:${fake.port}: TokenInvalid\\b`));
  }, 40_000);

  it('GIVEN STORE_URL naming a Redis on a closed port THEN it exits 1 within 30 s with one line naming the store, its host:port and ECONNREFUSED, without the password', async () => {
    const port = await freePort();
    const run = await runBot({ STORE_URL: `redis://:hunter2@127.0.0.1:${port}/0`, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' });
    expectOneLine(run, new RegExp(`^start-up failed: store at 127\\.0\\.0\\.1:${port}: ECONNREFUSED \\(`));
    expect(run.stderr).not.toContain('hunter2');
  }, 40_000);
});

describe('a bot that loses its connection', () => {
  it('GIVEN Slack in Socket Mode WHEN Slack drops the connection THEN /readyz turns 503 saying the Socket Mode connection was lost AND 200 again once the bot has reconnected', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const port = await freePort();
    const bot = spawnCaptured(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        CONTENT_DIR: FIXTURE_CONTENT,
        STORE_URL: 'memory://',
        LOG_LEVEL: 'error',
        PORT: String(port),
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_APP_TOKEN: fake.appToken,
        SLACK_API_URL: fake.apiUrl,
      },
    });
    const readyz = () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        async (response) => ({ status: response.status, body: (await response.json()) as { reasons?: string[] } }),
        () => ({ status: 0, body: {} as { reasons?: string[] } }),
      );
    const until = async (what: string, check: (answer: Awaited<ReturnType<typeof readyz>>) => boolean, limitMs: number) => {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const answer = await readyz();
        if (check(answer)) return answer;
        if (bot.child.exitCode !== null) throw new Error(`bot exited (${bot.child.exitCode}):\n${bot.err()}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last /readyz ${JSON.stringify(answer)}\n${bot.err()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until('the bot to be ready', (answer) => answer.status === 200, 30_000);
    fake.dropConnection();
    const down = await until('/readyz to turn 503', (answer) => answer.status === 503, 5000);
    expect(down.body.reasons).toEqual([expect.stringMatching(/^slack: Socket Mode connection lost at \S+; reconnecting/)]);
    await until('/readyz to return to 200', (answer) => answer.status === 200, 20_000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
  }, 60_000);
});
