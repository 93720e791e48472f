import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { Command } from '../../../src/core/command.ts';
import { Dispatcher } from '../../../src/core/dispatcher.ts';
import { t } from '../../../src/core/i18n.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { SHIPPED_CONTENT, testStudy } from '../../support/study.ts';
import {
  buttonsOf,
  commandPayload,
  embedOf,
  fixture,
  type Harness,
  isEphemeral,
  PERMISSIONS,
  startHarness,
  stringOption,
  subcommand,
  textOf,
} from './harness.ts';

describe('Discord adapter: slash commands, buttons, autocomplete', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('/define', () => {
    it('GIVEN a Korean-speaking user WHEN /define kubelet THEN the definition is the callback itself, in Korean, visible in the channel, with related-term buttons', async () => {
      const { callback } = await h.command('define', [stringOption('term', 'kubelet')], { locale: 'ko' });
      expect(callback.type).toBe(4);
      expect(isEphemeral(callback.data)).toBe(false);
      expect(embedOf(callback.data).title).toBe('kubelet · 큐블릿');
      expect(embedOf(callback.data).description).toContain('각 노드에서 돌면서');
      expect(embedOf(callback.data).footer?.text).toBe(t('ko', 'define.related'));
      expect(buttonsOf(callback.data).map((button) => button.custom_id)).toEqual(['define.show|pod', 'define.show|node', 'quiz.term|kubelet', 'report.open|kubelet']);
      expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    });

    it('GIVEN an en-US user WHEN /define kubelet THEN the definition is in English', async () => {
      const { callback } = await h.command('define', [stringOption('term', 'kubelet')], { locale: 'en-US' });
      expect(embedOf(callback.data).title).toBe('kubelet · 큐블릿');
      expect(embedOf(callback.data).description).toContain("The agent on every node that runs a Pod's containers");
      expect(embedOf(callback.data).footer?.text).toBe('Related terms');
    });

    it('GIVEN a Korean alias WHEN /define 큐블렛 THEN kubelet is shown as an exact match: the footer offers the related terms, no note of what was typed', async () => {
      const { callback } = await h.command('define', [stringOption('term', '큐블렛')], { locale: 'ko' });
      expect(embedOf(callback.data).title).toBe('kubelet · 큐블릿');
      expect(embedOf(callback.data).footer?.text).toBe(t('ko', 'define.related'));
    });

    it('GIVEN a typo WHEN /define kubelte THEN kubelet is answered with the typed text in the footer AND the related-terms label under it', async () => {
      const { callback } = await h.command('define', [stringOption('term', 'kubelte')], { locale: 'en-US' });
      expect(embedOf(callback.data).title).toBe('kubelet · 큐블릿');
      expect(embedOf(callback.data).footer?.text).toBe(`“kubelte” → kubelet\n${t('en', 'define.related')}`);
    });

    it('GIVEN no such term WHEN /define zzqxv THEN only the requester sees suggestion buttons AND pressing one shows that term to the presser only', async () => {
      const { record, callback } = await h.command('define', [stringOption('term', 'zzqxv')], { locale: 'en-US' });
      expect(isEphemeral(callback.data)).toBe(true);
      expect(embedOf(callback.data).title).toBe(t('en', 'define.notFound', { query: 'zzqxv' }));
      const buttons = buttonsOf(callback.data);
      expect(buttons.map((button) => button.custom_id)).toEqual(['define.show|kubelet', 'define.show|pod', 'define.show|node']);

      const press = await h.press(buttons[0]!.custom_id, record.original, { locale: 'en-US' });
      expect(press.callback.type).toBe(4);
      expect(isEphemeral(press.callback.data)).toBe(true);
      expect(embedOf(press.callback.data).title).toBe('kubelet · 큐블릿');
    });
  });

  describe('autocomplete', () => {
    it('GIVEN "ku" typed into /define term THEN the choices (type 8) include kubelet by id', async () => {
      const { callback } = await h.send(fixture('autocomplete.json'));
      expect(callback.type).toBe(8);
      const choices = (callback.data?.choices ?? []) as Array<{ name: string; value: string }>;
      expect(choices).toContainEqual({ name: 'kubelet · 큐블릿', value: 'kubelet' });
    });

    it.each(['큐블', 'ㅋㅂㄹ'])('GIVEN "%s" typed into /define term THEN kubelet is among the choices', async (typed) => {
      const payload = fixture('autocomplete.json');
      (payload.data as { options: Array<{ value: string }> }).options[0]!.value = typed;
      const { callback } = await h.send(payload);
      expect(callback.type).toBe(8);
      const choices = (callback.data?.choices ?? []) as Array<{ name: string; value: string }>;
      expect(choices).toContainEqual({ name: 'kubelet · 큐블릿', value: 'kubelet' });
    });

    it('GIVEN a core whose autocomplete never answers and a 150 ms budget THEN Discord gets an empty choice list (type 8) well before its 3 s deadline', async () => {
      const base = await testStudy();
      let asked = false;
      const stalled = commands.map(
        (command): Command =>
          command.name === 'define'
            ? {
                ...command,
                autocomplete: () => {
                  asked = true;
                  return new Promise<never>(() => undefined);
                },
              }
            : command,
      );
      const slow = await startHarness({
        core: { ...base, dispatcher: new Dispatcher(stalled, base.study, silentLogger) },
        timing: { deferAfterMs: 1500, autocompleteMs: 150 },
      });
      try {
        const started = performance.now();
        const { callback } = await slow.send(fixture('autocomplete.json'));
        const elapsed = performance.now() - started;
        expect(asked).toBe(true);
        expect(callback).toEqual({ type: 8, data: { choices: [] } });
        expect(elapsed).toBeGreaterThanOrEqual(140);
        expect(elapsed).toBeLessThan(750);
      } finally {
        await slow.close();
      }
    });

    it('GIVEN the shipped glossary (more than 25 terms) and nothing typed yet THEN at most 25 choices come back, each within 100 characters', async () => {
      const big = await startHarness({ core: await testStudy({ contentDir: SHIPPED_CONTENT }) });
      try {
        expect(big.core.content.glossary.length).toBeGreaterThan(25);
        const payload = fixture('autocomplete.json');
        (payload.data as { options: Array<{ value: string }> }).options[0]!.value = '';
        const { callback } = await big.send(payload);
        const choices = (callback.data?.choices ?? []) as Array<{ name: string; value: string }>;
        expect(choices.length).toBeGreaterThan(0);
        expect(choices.length).toBeLessThanOrEqual(25);
        expect(choices.every((choice) => choice.name.length <= 100 && choice.value.length <= 100)).toBe(true);
      } finally {
        await big.close();
      }
    });
  });

  describe('mentions', () => {
    it.each(['@everyone kubelet', '@here', '<@&539082325061836999> pod', '<@80351110224678912>'])(
      'GIVEN /define %s THEN the answer allows no mentions, has no message content, and @everyone/@here are defused',
      async (term) => {
        const { callback } = await h.command('define', [stringOption('term', term)], { locale: 'en-US' });
        expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
        expect(callback.data?.content ?? '').toBe('');
        expect(JSON.stringify(callback.data)).not.toMatch(/@(everyone|here)/);
        expect(textOf(callback.data)).toContain(term.replace(/@(everyone|here)/, '@\u200b$1'));
      },
    );
  });

  describe('practice quiz', () => {
    it('GIVEN /quiz practice WHEN a choice is pressed THEN the ephemeral question is updated to its graded version AND a second press only tells the presser it was answered', async () => {
      const { record, callback } = await h.command('quiz', [subcommand('practice')], { locale: 'en-US', userId: '600000000000000001' });
      expect(isEphemeral(callback.data)).toBe(true);
      const [flag, ...answers] = buttonsOf(callback.data).reverse();
      expect(flag?.custom_id).toMatch(/^report\.open\|/);
      const choices = answers.reverse();
      expect(choices.map((button) => button.label)).toEqual(['A', 'B', 'C', 'D']);
      expect(choices.every((button) => button.custom_id.startsWith('quiz.practice|'))).toBe(true);

      const first = await h.press(choices[0]!.custom_id, record.original, { locale: 'en-US', userId: '600000000000000001' });
      expect(first.callback.type).toBe(7);
      const graded = buttonsOf(first.callback.data);
      expect(graded.every((button) => button.disabled)).toBe(true);
      expect(graded.filter((button) => button.style === 3)).toHaveLength(1);
      expect(embedOf(first.callback.data).footer?.text).toMatch(/^Practice accuracy: [01]\/1/);
      expect(first.callback.data).not.toHaveProperty('flags');

      const second = await h.press(choices[0]!.custom_id, record.original, { locale: 'en-US', userId: '600000000000000001' });
      expect(second.callback.type).toBe(4);
      expect(isEphemeral(second.callback.data)).toBe(true);
      expect(textOf(second.callback.data)).toBe(t('en', 'quiz.practiceAlready'));
    });
  });

  describe('permissions', () => {
    it('GIVEN a member without Manage Server WHEN /quiz subscribe THEN the refusal is ephemeral and names Manage Server', async () => {
      const { callback } = await h.command('quiz', [subcommand('subscribe')], { locale: 'en-US', permissions: PERMISSIONS.member });
      expect(isEphemeral(callback.data)).toBe(true);
      expect(textOf(callback.data)).toBe(t('en', 'error.noPermission', { permission: 'Manage Server' }));
    });

    it('GIVEN a Korean member without Manage Server WHEN /quiz unsubscribe THEN the refusal is in Korean and names 서버 관리', async () => {
      const { callback } = await h.command('quiz', [subcommand('unsubscribe')], { locale: 'ko', permissions: PERMISSIONS.member });
      expect(textOf(callback.data)).toContain('서버 관리(Manage Server)');
    });

    it('GIVEN a member with Manage Server WHEN /quiz subscribe THEN the channel is subscribed and everyone sees it', async () => {
      const { callback } = await h.command('quiz', [subcommand('subscribe')], { locale: 'en-US', permissions: PERMISSIONS.manager });
      expect(isEphemeral(callback.data)).toBe(false);
      expect(textOf(callback.data)).toContain('This channel now gets the daily quiz');
    });

    it('GIVEN a DM WHEN /quiz subscribe THEN it is refused: nobody manages a server from a DM', async () => {
      const { callback } = await h.send(fixture('slash-dm.json'));
      expect(isEphemeral(callback.data)).toBe(true);
      expect(textOf(callback.data)).toContain('Manage Server');
    });
  });

  describe('user option', () => {
    it('GIVEN /streak user:@nelly who never answered THEN the reply names her by her server nickname', async () => {
      const { callback } = await h.send(fixture('slash-user-option.json'));
      expect(textOf(callback.data)).toBe(t('en', 'streak.none', { name: '넬리' }));
    });
  });

  it('GIVEN the interactions so far THEN every one was answered through its callback, none through the bot-token REST routes', () => {
    expect(h.fake.requestsTo('POST', /^\/channels\//)).toEqual([]);
    expect(h.fake.requestsTo('PATCH', /^\/webhooks\//)).toEqual([]);
    expect(h.logs.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('GIVEN /help THEN the help embed lists every command by its usage', async () => {
    const { callback } = await h.send(commandPayload('help', [], { locale: 'en-US' }));
    expect(embedOf(callback.data).fields?.map((field) => field.name)).toEqual([
      '`/define <term>`',
      '`/quiz [practice|subscribe|unsubscribe|status|schedule|language|freezes|recap|chapters|void|reports|pause|resume|dashboard]`',
      '`/streak [user]`',
      '`/leaderboard [streak|week|month|all] [when]`',
      '`/report <id> <reason>`',
      '`/help`',
    ]);
  });
});
