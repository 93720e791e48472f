import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killSpawned, spawnCaptured } from '../support/process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
afterEach(killSpawned);

async function contentCheck(dir: string) {
  const run = spawnCaptured(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', dir], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
  const code = await Promise.race([run.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
  return { code, out: run.out(), err: run.err() };
}

describe('npm run content:check', () => {
  it('GIVEN the shipped content THEN it passes and prints each quality figure under the coverage table', async () => {
    const { code, out, err } = await contentCheck('content');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/\| bank \| \d+ \| \d+ \(\d+%\) \| \d+ \(\d+%\) \| \d+ \| \d+ \| \d+ \| \d+ \| \d\.\d\d \|/);
    expect(out).toMatch(/\| topic drift \| \d+ \|/);
    expect(out).toMatch(/Most alike pair not linked by see_also: \S+ \/ \S+ \d+% \(max 40%\); pairs linked by see_also: \d+/);
    expect(out).toMatch(/Korean terminology: \d+ terms in terms-ko\.yaml, 0 forms to avoid found/);
    expect(out).toContain('content:check passed');
  }, 30_000);

  it('GIVEN a folder whose letters are unbalanced THEN it exits 1 naming the scope', async () => {
    const { code, err } = await contentCheck('tests/fixtures/content-quality/letters');
    expect(code).toBe(1);
    expect(err).toContain('bank: answer letters A 2, B 1, C 1, D 1 (most/least 2.00, max 1.5)');
  }, 30_000);
});
