/**
 * The image's path without a Docker engine: compile with `npm run build`, install the
 * production dependencies alone into a clean copy (as the Dockerfile's prod-deps stage
 * does), and run the compiled bot with node, not tsx.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killSpawned, spawnCaptured } from '../support/process.ts';

const dirs: string[] = [];
afterAll(async () => {
  killSpawned();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function run(command: string, args: string[], cwd: string, timeoutMs: number): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NODE_ENV: 'production' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('the production build', () => {
  it('GIVEN npm run build and production dependencies only (no tsx) in a clean copy THEN node dist/src/main.js answers piped console input and exits 0 AND, started from another folder, names the content folder and CONTENT_DIR', async () => {
    const build = run('npm', ['run', 'build', '--silent'], process.cwd(), 180_000);
    expect(build.status, build.output).toBe(0);

    const app = await mkdtemp(path.join(tmpdir(), 'studybot-prod-'));
    dirs.push(app);
    for (const entry of ['package.json', 'package-lock.json', 'dist', 'content']) await cp(entry, path.join(app, entry), { recursive: true });
    // Tarballs come from npm's cache when the full install already fetched them; sqlite3 is built here as in the image.
    const install = run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], app, 480_000);
    expect(install.status, install.output).toBe(0);
    const installed = await readdir(path.join(app, 'node_modules'));
    expect(installed).toContain('discord.js');
    expect(installed).not.toContain('vitest');
    expect(installed).not.toContain('typescript');
    // Production runs plain node: the TypeScript runner and its bundler stay out.
    expect(installed).not.toContain('tsx');
    expect(installed).not.toContain('esbuild');
    expect(installed).not.toContain('@esbuild');

    const bot = spawnCaptured(process.execPath, ['dist/src/main.js'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: app, NODE_ENV: 'production', LOG_LEVEL: 'warn', STORE_URL: `sqlite://${path.join(app, 'data', 'bot.sqlite')}` },
    });
    const timer = setTimeout(() => bot.child.kill('SIGKILL'), 60_000);
    bot.child.stdin.end('/define kubelet\n/quiz\n');
    const code = await bot.exited;
    clearTimeout(timer);
    expect(code, bot.err()).toBe(0);
    const stdout = bot.out();
    expect(stdout).toContain('kubelet · 큐블릿');
    expect(stdout).toMatch(/\[A\]/);

    // Started from another folder, the relative default CONTENT_DIR points nowhere: the bot says where it looked.
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'studybot-elsewhere-'));
    dirs.push(elsewhere);
    const lost = spawnCaptured(process.execPath, [path.join(app, 'dist/src/main.js')], {
      cwd: elsewhere,
      env: { PATH: process.env.PATH ?? '', HOME: elsewhere, NODE_ENV: 'production', LOG_LEVEL: 'warn', STORE_URL: 'memory://' },
    });
    const lostTimer = setTimeout(() => lost.child.kill('SIGKILL'), 60_000);
    lost.child.stdin.end('');
    expect(await lost.exited).toBe(1);
    clearTimeout(lostTimer);
    expect(lost.err()).toContain(`${path.join(elsewhere, 'content')}: cannot read the content folder (ENOENT).`);
    expect(lost.err()).toContain(`CONTENT_DIR is 'content', relative to the working directory ${elsewhere}`);
  }, 720_000);
});
