/**
 * Console mode serves the web pages too: `npm start` with piped input names the address on
 * stderr and answers it; with PORT taken by another program it still runs and says so.
 */
import { createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killSpawned, spawnCaptured } from '../support/process.ts';
import { freePort } from '../support/redis.ts';
import { rawGet } from '../support/web.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  killSpawned();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function startConsole(env: Record<string, string>) {
  const dir = path.join(tmpdir(), `studybot-web-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  cleanups.push(() => rm(dir, { force: true, recursive: true }));
  const bot = spawnCaptured('npm', ['start', '--silent'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
      CONTENT_DIR: 'tests/fixtures/content',
      LOG_LEVEL: 'warn',
      DEFAULT_LOCALE: 'en',
      ...env,
    },
  });
  const waitForErr = async (text: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!bot.err().includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)} on stderr:\n${bot.err()}`);
      if (bot.child.exitCode !== null) throw new Error(`bot exited (${bot.child.exitCode}); stderr:\n${bot.err()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { ...bot, waitForErr };
}

describe('the web pages in console mode', () => {
  it('GIVEN a free PORT THEN stderr names the glossary address, the page answers there, and the console still answers and exits 0', async () => {
    const port = await freePort();
    const bot = startConsole({ PORT: String(port) });
    await bot.waitForErr(`Glossary on the web: http://localhost:${port}/glossary`);
    const page = await rawGet(`http://127.0.0.1:${port}/glossary/kubelet`);
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toContain('kubelet');
    bot.child.stdin.end('/define kubelet\n');
    expect(await bot.exited).toBe(0);
    expect(bot.out()).toContain('kubelet · 큐블릿');
  }, 60_000);

  it('GIVEN PORT held by another program THEN the console still runs, and stderr says the port is taken, naming it', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    const bot = startConsole({ PORT: String(port) });
    bot.child.stdin.end('/define kubelet\n');
    expect(await bot.exited).toBe(0);
    expect(bot.out()).toContain('kubelet · 큐블릿');
    expect(bot.err()).toContain(`Port ${port} is already in use by another program, so the web pages are not served. The console works as usual.`);
    expect(bot.err()).not.toContain('Glossary on the web');
  }, 60_000);
});
