/**
 * Names and typed terms as Discord receives them: the real adapter and discord.js against the
 * fake Discord, the daily round posted by the real round job and answered by members whose
 * server nicknames are markup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/core/i18n.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { runRound } from '../../../src/schedule/round-job.ts';
import type { FakeMessage } from '../../fakes/fake-discord.ts';
import { TONE_COLOURS } from '../../../src/adapters/discord/render.ts';
import { discordMarkup } from '../../support/markup.ts';
import { buttonsOf, embedOf, GUILD_ID, type Harness, isEphemeral, PERMISSIONS, startHarness, stringOption, subcommand, textOf } from './harness.ts';

const NITRO = { userId: '600000000000000010', nick: '[Free Nitro](https://evil.example)', locale: 'en-US' };
const LOUD = { userId: '600000000000000011', nick: '# **big** -# <@80351110224678912> ||x||', locale: 'en-US' };

/** Every place of an embed where Discord draws markdown (the footer draws none). */
function markdownPlaces(body: Record<string, unknown> | undefined): string[] {
  const embed = embedOf(body);
  return [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])];
}

describe('Discord: user text reaches the channel only as text', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ defaultLocale: 'en' });
    await h.command('quiz', [subcommand('subscribe')], { locale: 'en-US', permissions: PERMISSIONS.manager });
    await runRound(new Date('2026-11-28T00:00:00Z'), { study: h.core.study, adapters: { discord: h.adapter }, logger: silentLogger });
    const posted = [...h.fake.messages.values()].at(-1) as FakeMessage;
    const buttons = buttonsOf(posted);
    for (const who of [NITRO, LOUD]) await h.press(buttons[0]!.custom_id, posted, who);
    expect((await h.core.study.rounds.stats({ platform: 'discord', community: GUILD_ID }, NITRO.userId))?.name ?? 'not recorded').toBe(NITRO.nick);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN members nicknamed with a masked link and with headings, mentions and spoilers WHEN /leaderboard THEN the public embed shows the names escaped AND draws no link, mention, heading or formatting', async () => {
    const { callback } = await h.command('leaderboard', [], { locale: 'en-US' });
    expect(isEphemeral(callback.data)).toBe(false);
    const description = embedOf(callback.data).description ?? '';
    expect(description).toContain('\\[Free Nitro\\](https\\://evil.example)');
    expect(description).toContain('\\# \\*\\*big\\*\\* -\\# \\<@80351110224678912\\> \\|\\|x\\|\\|');
    for (const place of markdownPlaces(callback.data)) expect({ place, markup: discordMarkup(place) }).toEqual({ place, markup: [] });
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN that member WHEN /streak THEN the title names them escaped, as typed', async () => {
    const { callback } = await h.command('streak', [], NITRO);
    expect(embedOf(callback.data).title).toBe(t('en', 'streak.title', { name: '\\[Free Nitro\\](https\\://evil.example)' }));
    for (const place of markdownPlaces(callback.data)) expect(discordMarkup(place)).not.toContain('link');
  });

  it('GIVEN a typed term that is a masked link WHEN /define THEN it is echoed inside code as typed AND no link is drawn', async () => {
    const { callback } = await h.command('define', [stringOption('term', '[Free Nitro](https://evil.example) `x` **y**')], { locale: 'en-US' });
    expect(embedOf(callback.data).title).toBe(t('en', 'define.notFound', { query: '[Free Nitro](https://evil.example) \u02cbx\u02cb **y**' }));
    expect(discordMarkup(embedOf(callback.data).title ?? '')).toEqual(['code']);
    expect(markdownPlaces(callback.data).flatMap(discordMarkup)).not.toContain('link');
  });

  it.each(['quiz.constructor|x', 'define.toString|x', 'quiz.__proto__|x', 'help.hasOwnProperty|x'])(
    'GIVEN a button id %j THEN the presser is told the button no longer works AND nothing is logged as an error',
    async (id) => {
      const { callback } = await h.press(id, undefined, { locale: 'en-US' });
      expect(callback.type).toBe(4);
      expect(isEphemeral(callback.data)).toBe(true);
      expect(textOf(callback.data)).toBe(t('en', 'error.unknownAction'));
      expect(h.logs.filter((line) => line.level === 'error')).toEqual([]);
    },
  );

  it('GIVEN a button id with no action at all THEN the presser gets the same plain notice as any refusal, not the red of an apology', async () => {
    const refused = await h.press('quiz.constructor|x', undefined, { locale: 'en-US' });
    const undecodable = await h.press('no-separator', undefined, { locale: 'en-US' });
    expect(textOf(undecodable.callback.data)).toBe(t('en', 'error.unknownAction'));
    expect(isEphemeral(undecodable.callback.data)).toBe(true);
    expect(embedOf(undecodable.callback.data).color).toBe(embedOf(refused.callback.data).color);
    expect(embedOf(undecodable.callback.data).color).toBe(TONE_COLOURS.neutral);
  });
});
