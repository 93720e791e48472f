import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../src/adapters/console/console-adapter.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { testStudy } from '../../support/study.ts';

/** A console over streams; `type` sends lines and waits until the adapter has answered them. */
function consoleOn(dispatcher: Awaited<ReturnType<typeof testStudy>>['dispatcher']) {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  const adapter = new ConsoleAdapter({ dispatcher, locale: 'en', logger: silentLogger, input, output, interactive: false });
  return {
    adapter,
    screen: () => screen,
    async type(...lines: string[]) {
      const before = screen.length;
      for (const line of lines) await adapter.handleLine(line);
      return screen.slice(before);
    },
    input,
  };
}

describe('the console adapter', () => {
  it('GIVEN a console restarted while a round it was posted is open WHEN A is typed THEN it says there is no button and names /quiz status AND after /quiz status, A counts', async () => {
    const { dispatcher, study } = await testStudy({ locale: 'en' });
    const first = consoleOn(dispatcher);
    await first.adapter.start();
    await first.type('/quiz subscribe');
    const { round } = (await study.rounds.open({ platform: 'console', community: 'console' }, '2026-11-28'))!;
    await first.adapter.stop();

    // The same store, a new process: nothing of the posted buttons is in memory any more.
    const second = consoleOn(dispatcher);
    await second.adapter.start();
    const lost = await second.type('A');
    expect(lost).toContain('There is no button to press');
    expect(lost).toContain('/quiz status');
    expect(lost).not.toContain('Commands start with');

    const status = await second.type('/quiz status');
    expect(status).toContain('[A] [B] [C] [D]');
    expect(await second.type('A')).toContain('Answer recorded (A)');
    expect((await study.rounds.round({ platform: 'console', community: 'console' }, round.roundId))?.answered).toBe(1);
    await second.adapter.stop();
  });

  it('GIVEN /quit in the input THEN the console ends by its input AND the lines after it are not answered', async () => {
    const { dispatcher } = await testStudy({ locale: 'en' });
    const bot = consoleOn(dispatcher);
    await bot.adapter.start();
    bot.input.write('/help\n/quit\n/define kubelet\n');
    expect(await bot.adapter.finished()).toBe('input');
    expect(bot.screen()).toContain('k8s study bot help');
    expect(bot.screen()).not.toContain('kubelet ·');
  });

  it('GIVEN stop() THEN the console ends as stopped, not by its input', async () => {
    const { dispatcher } = await testStudy({ locale: 'en' });
    const bot = consoleOn(dispatcher);
    await bot.adapter.start();
    await bot.adapter.stop();
    expect(await bot.adapter.finished()).toBe('stopped');
  });
});
