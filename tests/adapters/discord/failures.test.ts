import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/core/i18n.ts';
import { createStore } from '../../../src/store/keyv-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { SlowStore } from '../../fakes/slow-store.ts';
import { testStudy } from '../../support/study.ts';
import { buttonsOf, commandPayload, embedOf, type Harness, isEphemeral, type LogLine, recordingLogger, startHarness, stringOption, subcommand, textOf } from './harness.ts';

describe('Discord adapter when things go wrong', () => {
  describe('a store that is gone', () => {
    let h: Harness;
    let dir: string;
    const coreLogs: LogLine[] = [];
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'discord-closed-store-'));
      const store = await createStore(`sqlite://${path.join(dir, 'study.sqlite')}`);
      // The commands hash lives in a store of its own, so registration is not what fails here.
      h = await startHarness({ core: await testStudy({ store, logger: recordingLogger(coreLogs) }), store: await createStore('memory://') });
      await store.close();
    });
    afterAll(async () => {
      await h?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('GIVEN the study store closed WHEN /quiz practice THEN the user gets a short ephemeral apology, the log names the interaction AND the next interaction is answered as usual', async () => {
      const failed = await h.command('quiz', [subcommand('practice')], { locale: 'en-US' });
      expect(failed.callback.type).toBe(4);
      expect(isEphemeral(failed.callback.data)).toBe(true);
      expect(textOf(failed.callback.data)).toBe(t('en', 'error.store'));
      const logged = coreLogs.find((line) => line.level === 'warn');
      expect(logged?.object).toMatchObject({ command: 'quiz', subcommand: 'practice', requestId: failed.record.payload.id });

      const next = await h.command('define', [stringOption('term', 'pod')], { locale: 'en-US' });
      expect(embedOf(next.callback.data).title).toBe('Pod · 파드');
    });
  });

  describe('an answer Discord refuses', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('GIVEN the callback is rejected (the interaction expired) THEN the error is logged with the interaction id AND the bot keeps answering', async () => {
      const record = h.fake.dispatchInteraction(commandPayload('define', [stringOption('term', 'pod')]), { expired: true });
      await waitFor(() => h.logs.some((line) => line.message === 'discord interaction failed'));
      const logged = h.logs.find((line) => line.message === 'discord interaction failed')!;
      expect(logged.level).toBe('error');
      expect(logged.object.interaction).toBe(record.payload.id);
      expect(String((logged.object.err as Error).message)).toMatch(/Unknown interaction/);
      expect(record.callbacks).toEqual([]);

      const next = await h.command('define', [stringOption('term', 'node')], { locale: 'en-US' });
      expect(embedOf(next.callback.data).title).toBe('node · 노드');
    });
  });

  describe('a slow store', () => {
    let h: Harness;
    let slow: SlowStore;
    let inner: Store;
    beforeAll(async () => {
      inner = await createStore('memory://');
      slow = new SlowStore(inner);
      h = await startHarness({ core: await testStudy({ store: slow }), store: inner, timing: { deferAfterMs: 100, autocompleteMs: 150 } });
      slow.delayMs = 250;
    });
    afterAll(async () => {
      slow.delayMs = 0;
      await h?.close();
    });

    it('GIVEN the core answers after the budget WHEN /quiz practice (first time) THEN the interaction is deferred, the ephemeral question follows up and the public placeholder is deleted', async () => {
      const { record, callback } = await h.command('quiz', [subcommand('practice')], { locale: 'en-US', userId: '700000000000000001' });
      expect(callback.type).toBe(5);
      expect(isEphemeral(callback.data)).toBe(false);
      await waitFor(() => record.deleted);
      expect(record.followUps).toHaveLength(1);
      expect(isEphemeral(record.followUps[0])).toBe(true);
      expect(record.followUps[0]!.embeds[0]).toMatchObject({ title: expect.stringMatching(/^Practice · /) });
    });

    it('GIVEN the same command slow again THEN the deferral is ephemeral from the start and the answer edits it in place', async () => {
      const { record, callback } = await h.command('quiz', [subcommand('practice')], { locale: 'en-US', userId: '700000000000000002' });
      expect(callback.type).toBe(5);
      expect(isEphemeral(callback.data)).toBe(true);
      await waitFor(() => record.edits.length === 1);
      expect(record.edits[0]).toMatchObject({
        embeds: [expect.objectContaining({ title: expect.stringMatching(/^Practice · /) })],
        allowed_mentions: { parse: [] },
      });
      expect(record.followUps).toEqual([]);
      expect(record.deleted).toBe(false);
    });

    it('GIVEN a slow press WHEN a practice choice is pressed THEN the press is acknowledged first (type 6) and the graded question is edited in', async () => {
      slow.delayMs = 0;
      const { record, callback } = await h.command('quiz', [subcommand('practice')], { locale: 'en-US', userId: '700000000000000003' });
      expect(callback.type).toBe(4);
      const choice = buttonsOf(callback.data)[0]!.custom_id;
      slow.delayMs = 250;
      const press = await h.press(choice, record.original, { locale: 'en-US', userId: '700000000000000003' });
      expect(press.callback.type).toBe(6);
      await waitFor(() => press.record.edits.length === 1);
      expect(textOf(press.record.edits[0])).toMatch(/Practice accuracy: [01]\/1/);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
