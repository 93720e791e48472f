/**
 * A console run over simulated days: the real console adapter, dispatcher, round job and a
 * real SQLite file, with the injected clock moving a day at a time. The week board and, with
 * the first question of the next week, the recap appear on the screen.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import { testStudy } from '../support/study.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a console study group over a week and a day', () => {
  it('GIVEN a subscribed console answering daily questions for a week THEN /leaderboard week ranks it AND Monday brings the recap before the question', async () => {
    const dir = path.join(tmpdir(), `studybot-season-${process.pid}-${Date.now()}`);
    dirs.push(dir);
    const t = await testStudy({ storeUrl: `sqlite://${path.join(dir, 'bot.sqlite')}`, start: '2026-11-30T00:00:00Z', locale: 'en' });
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const bot = new ConsoleAdapter({ dispatcher: t.dispatcher, locale: 'en', logger: silentLogger, input, output, interactive: false });
    await bot.start();
    const type = async (line: string) => {
      const before = screen.length;
      await bot.handleLine(line);
      return screen.slice(before);
    };
    await type('/quiz subscribe');
    // Monday Nov 30 to Sunday Dec 6, 09:00 in Seoul each day; the console answers A every day.
    for (let dayOfMonth = 0; dayOfMonth < 7; dayOfMonth += 1) {
      const firing = new Date(Date.UTC(2026, 10, 30 + dayOfMonth, 0, 0, 0));
      t.clock.set(firing.toISOString());
      await runRound(firing, { study: t.study, adapters: { console: bot }, logger: silentLogger });
      expect(await type('A')).toContain('Answer recorded (A)');
    }
    const week = await type('/leaderboard week');
    expect(week).toContain('week of Nov 30–Dec 6');
    expect(week).toMatch(/console-user — \d right · \d wrong/);
    expect(week).toContain('Resets Monday 00:00 (Asia/Seoul)');
    expect(week).toContain('Your rank: 1 of 1');

    const before = screen.length;
    t.clock.set('2026-12-07T00:00:00Z');
    const monday = await runRound(new Date('2026-12-07T00:00:00Z'), { study: t.study, adapters: { console: bot }, logger: silentLogger });
    expect(monday.recaps).toBe(1);
    const shown = screen.slice(before);
    expect(shown.indexOf('Last week · Nov 30–Dec 6')).toBeGreaterThanOrEqual(0);
    expect(shown.indexOf('Last week')).toBeLessThan(shown.indexOf('Daily quiz'));
    expect(shown).toContain('1 took part in 7 rounds.');
    expect(shown).toContain('Hardest question:');
    await bot.stop();
    await t.store.close();
  });
});
