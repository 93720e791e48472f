/**
 * Text that came from a user or a platform profile (names, typed terms) through every real
 * renderer: it is shown as typed and never becomes a link, a mention, a heading or formatting.
 */
import { escapeMarkdown } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/adapters/console/render.ts';
import { escapeUserMarkdown, renderMessage as renderDiscord } from '../../src/adapters/discord/render.ts';
import { escapeUserMrkdwn, renderMessage as renderSlack, toMrkdwn } from '../../src/adapters/slack/render.ts';
import { type Locale, t } from '../../src/core/i18n.ts';
import { type Reply, userText } from '../../src/core/reply.ts';
import type { User } from '../../src/core/request.ts';
import { discordMarkup, slackMarkup } from '../support/markup.ts';
import { testStudy } from '../support/study.ts';

/** Pieces of hostile names: every markup character of both platforms, whole constructs, and the marks user text travels in. */
const FRAGMENTS = [
  '*', '**', '_', '__', '~', '~~', '|', '||', '`', '```', '[', ']', '(', ')', '\\', ':', '://', '#', '-', '+', '.', '>', '<', '&',
  '[Free Nitro](https://evil.example)', 'https://evil.example', '<https://evil.example|click>', '<@123456789012345678>', '<@&42>', '<#42>',
  '<t:1700000000:R>', '<:e:42>', '</quiz:42>', '<!everyone>', '<!here|here>', '@everyone', '@here', '# ', '## ', '-# ', '- ', '* ', '> ',
  '>>> ', '1. ', '&amp;', '&lt;', '&gt;', '\uff0a', '\uff3f', '\uff40', '\uff1e', '\u200b', '\ufdd0', '\ufdd1', '\ufdd2', '\ufdd3', '\n',
  ' ', 'a', 'Z', '9', '가', '민지',
];
/** Up to 80 characters, Slack's longest display name (Discord's is 32); never only the marks, which would leave nothing. */
const names = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join('').slice(0, 80))
  .filter((name) => name.replace(/[\ufdd0-\ufdd3]/g, '') !== '');
const locales = fc.constantFrom<Locale>('ko', 'en');
/** A name with nothing in it for any markup to take. */
const HARMLESS = 'Qq7';

/** What a platform keeps of a name: the marks are the renderer's, never shown. */
const typed = (name: string) => name.replace(/[\ufdd0-\ufdd3]/g, '');

interface Places {
  /** Where the platform draws markup. */
  markup: string[];
  /** Where it draws none (Discord footers and labels, Slack plain_text). */
  plain: string[];
}

function discordPlaces(reply: Reply): Places {
  const message = renderDiscord(reply);
  const embed = message.embeds[0]!;
  return {
    markup: [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])],
    plain: [embed.footer?.text ?? '', ...message.components.flatMap((row) => row.components.map((button) => button.label ?? ''))],
  };
}

function slackPlaces(reply: Reply): Places {
  const message = renderSlack(reply);
  const places: Places = { markup: [message.text], plain: [] };
  for (const block of message.blocks as unknown as Array<Record<string, unknown>>) {
    const text = block.text as { type: string; text: string } | undefined;
    const objects = [text, ...((block.fields as Array<{ type: string; text: string }> | undefined) ?? [])];
    for (const element of (block.elements as Array<Record<string, unknown>> | undefined) ?? []) {
      objects.push(element.type === 'button' ? (element.text as { type: string; text: string }) : (element as { type: string; text: string }));
    }
    for (const object of objects) if (object) (object.type === 'mrkdwn' ? places.markup : places.plain).push(object.text);
  }
  return places;
}

/** Every place of two renderings of the same reply, the second with a harmless name, read by an oracle. */
function expectSameMarkup(hostile: string[], harmless: string[], read: (text: string) => string[]): void {
  expect(hostile).toHaveLength(harmless.length);
  for (const [index, text] of hostile.entries()) expect({ text, markup: read(text) }).toEqual({ text, markup: read(harmless[index]!) });
}

function expectSafeEverywhere(hostile: Reply, harmless: Reply, name: string): void {
  // The marks user text travels in are the renderers' business: no platform ever receives one.
  for (const payload of [JSON.stringify(renderDiscord(hostile)), JSON.stringify(renderSlack(hostile)), renderConsole(hostile)]) {
    expect(payload).not.toMatch(/[\ufdd0-\ufdd3]/);
  }
  const discord = [discordPlaces(hostile), discordPlaces(harmless)] as const;
  expectSameMarkup(discord[0].markup, discord[1].markup, discordMarkup);
  // Where Discord draws no markup the name is shown exactly as typed (footers defuse @everyone, labels need not).
  const undefused = (text: string) => text.replace(/@\u200b(everyone|here)/g, '@$1');
  for (const [index, text] of discord[0].plain.entries()) {
    expect(undefused(text)).toBe(undefused(discord[1].plain[index]!).replaceAll(HARMLESS, () => typed(name)));
  }

  const slack = [slackPlaces(hostile), slackPlaces(harmless)] as const;
  expectSameMarkup(slack[0].markup, slack[1].markup, slackMarkup);
  // plain_text is never formatted; it must still hold no raw control character.
  const controls = (text: string) => slackMarkup(text).filter((construct) => construct === 'control' || construct === 'entity');
  expectSameMarkup(slack[0].plain, slack[1].plain, controls);

  expect(renderConsole(hostile)).toBe(renderConsole(harmless).replaceAll(HARMLESS, () => typed(name)));
}

/** Every way the catalog puts user text into a reply: start of a section, in a title, in bold, in code, in fields, a footer and labels. */
function catalogReply(name: string, locale: Locale): Reply {
  const user = userText(name);
  return {
    visibility: 'channel',
    title: t(locale, 'streak.title', { name: user }),
    sections: [
      t(locale, 'streak.none', { name: user }),
      [1, 2, 3, 4].map((rank) => t(locale, 'leaderboard.row', { rank, name: user, streak: 3, correct: 5 })).join('\n'),
      t(locale, 'define.notFound', { query: user }),
      t(locale, 'error.unknownSubcommand', { command: 'quiz', sub: user, choices: '`practice`, `status`' }),
      `**${user}**${user}**${t(locale, 'quiz.explanation')}**`,
    ],
    fields: [
      { name: user, value: `**${user}**`, inline: true },
      { name: t(locale, 'define.docs'), value: `https://kubernetes.io/docs/\n${user}`, inline: true },
      { name: `\`${user}\``, value: user },
    ],
    footer: `“${user}” → kubelet`,
    tone: 'info',
    buttons: [
      { label: user, action: 'define.show', payload: 'pod', style: 'secondary' },
      { label: user, action: 'quiz.none', payload: 'A', style: 'success', disabled: true },
    ],
  };
}

describe('the oracles', () => {
  it('GIVEN raw markup THEN they see the links, mentions, headings and formatting it would draw', () => {
    expect(discordMarkup('[Free Nitro](https://evil.example)')).toContain('link');
    expect(discordMarkup('see https://evil.example')).toContain('link');
    expect(discordMarkup('<@123> @everyone')).toEqual(['mention', 'mention']);
    expect(discordMarkup('# big\n-# small\n> quote\n- item')).toEqual(['block #', 'block -#', 'block >', 'block -']);
    expect(discordMarkup('**b** ~~s~~ ||x|| `c`')).toEqual(['format', 'format', 'format', 'format', 'format', 'format', 'code']);
    expect(discordMarkup('\\*\\*b\\*\\* \\[x\\](https\\://e.x) \\<@1\\> \\# h')).toEqual([]);
    expect(slackMarkup('*b* _i_ ~s~ `c` <https://x|y> &gt; q')).toEqual(expect.arrayContaining(['format *', 'format _', 'format ~', 'format `', 'control']));
    expect(slackMarkup('&gt; quote')).toEqual(['quote']);
  });
});

describe('user text on Discord', () => {
  it('GIVEN the names from the issue THEN each is escaped to be drawn exactly as typed', () => {
    expect(escapeUserMarkdown('[Free Nitro](https://evil.example)')).toBe('\\[Free Nitro\\](https\\://evil.example)');
    expect(escapeUserMarkdown('**bold** ~~s~~ ||spoiler|| `c`')).toBe('\\*\\*bold\\*\\* \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`c\\`');
    expect(escapeUserMarkdown('# heading')).toBe('\\# heading');
    expect(escapeUserMarkdown('-# subtext')).toBe('\\-\\# subtext');
    expect(escapeUserMarkdown('<@123> 1. x')).toBe('\\<@123\\> 1. x');
    expect(escapeUserMarkdown('1. first\n- second')).toBe('1\\. first\n\\- second');
    expect(escapeUserMarkdown('`a` *b*', true)).toBe('\u02cba\u02cb *b*');
  });

  it('GIVEN what discord.js escapeMarkdown leaves (even with headings and masked links on) THEN ours leaves no link, subtext or mention', () => {
    for (const name of ['[Free Nitro](https://evil.example)', '-# small', '<@123456789012345678>', 'https://evil.example/*x*']) {
      const theirs = escapeMarkdown(name, { heading: true, maskedLink: true, bulletedList: true, numberedList: true });
      expect(discordMarkup(theirs)).not.toEqual([]);
      expect(discordMarkup(escapeUserMarkdown(name))).toEqual([]);
    }
  });
});

describe('user text on Slack', () => {
  it('GIVEN formatting in a name THEN lookalikes Slack does not format with are shown AND **x** is not bold', () => {
    expect(escapeUserMrkdwn('*b* _i_ ~s~ `c`')).toBe('\u2217b\u2217 \u02cdi\u02cd \u223cs\u223c \u02cbc\u02cb');
    expect(toMrkdwn(`**${userText('**x**')}**`)).toBe('*\u2217\u2217x\u2217\u2217*');
    expect(toMrkdwn(`**${userText('x')}**${userText('y')}`)).toBe('*x*\u200by');
    expect(escapeUserMrkdwn('> quote\n \uff1e too\n&gt; text')).toBe('\u00ad&gt; quote\n \u00ad\uff1e too\n&amp;gt; text');
    expect(escapeUserMrkdwn('<https://evil.example|click> <!everyone>')).toBe('&lt;https://evil.example|click&gt; &lt;!everyone&gt;');
  });
});

describe('user text through every renderer', () => {
  it('GIVEN random names made of markup THEN no link, mention, heading or formatting appears AND plain places show them as typed', () => {
    fc.assert(
      fc.property(names, locales, (name, locale) => {
        expectSafeEverywhere(catalogReply(name, locale), catalogReply(HARMLESS, locale), name);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN players with random names THEN /leaderboard and /streak, the real commands on a real store, put no markup of theirs in any payload', async () => {
    const { dispatcher, study } = await testStudy();
    let communities = 0;
    const play = async (name: string, locale: Locale) => {
      communities += 1;
      const where = { platform: 'console' as const, community: `c${communities}`, channel: 'ch' };
      const player: User = { id: 'u1', displayName: name, locale, canManage: false };
      const { round } = (await study.rounds.open({ platform: 'console', community: where.community }, 'd1'))!;
      const answer = study.rounds.question(round.questionId)!.answer;
      await dispatcher.action({ kind: 'action', ...where, action: 'quiz.round', payload: `d1:${answer}`, user: player });
      const ask = (command: string, user: User) => dispatcher.command({ kind: 'command', ...where, command, options: {}, user });
      return Promise.all([ask('leaderboard', player), ask('streak', player), ask('streak', { ...player, id: 'u-new' })]);
    };
    const harmless = { ko: await play(HARMLESS, 'ko'), en: await play(HARMLESS, 'en') };
    await fc.assert(
      fc.asyncProperty(names, locales, async (name, locale) => {
        const hostile = await play(name, locale);
        for (const [index, reply] of hostile.entries()) expectSafeEverywhere(reply, harmless[locale][index]!, name);
      }),
      { numRuns: 100 },
    );
  });

  it('GIVEN random typed terms THEN /define marks the term wherever it echoes it AND no renderer turns it into markup', async () => {
    const { dispatcher, study } = await testStudy();
    const where = { platform: 'console' as const, community: 'c1', channel: 'ch' };
    const [OPEN, CLOSE] = userText('');
    const segments = new RegExp(`${OPEN}[^${CLOSE}]*${CLOSE}`, 'g');
    const swap = (text: string) => text.replace(segments, () => userText(HARMLESS));
    // Within 40 characters the title and the footer echo the same, whole term.
    const terms = names.map((name) => name.slice(0, 40)).filter((name) => name.trim() !== '');
    await fc.assert(
      fc.asyncProperty(terms, locales, async (term, locale) => {
        const user: User = { id: 'u1', displayName: 'Min', locale, canManage: false };
        const reply = await dispatcher.command({ kind: 'command', ...where, command: 'define', options: { term }, user });
        const found = study.search.search(term.trim());
        const echoed = [reply.title ?? '', ...reply.sections, reply.footer ?? ''].join('\n').match(segments) ?? [];
        // Not found, or found by a typo or an alias: the reply says what was typed, and only as user text.
        expect(echoed.length > 0).toBe(!found.entry || found.kind !== 'exact');
        for (const segment of echoed) expect(segment).toBe(userText(term.trim()));
        const harmless: Reply = {
          ...reply,
          ...(reply.title ? { title: swap(reply.title) } : {}),
          sections: reply.sections.map(swap),
          ...(reply.footer ? { footer: swap(reply.footer) } : {}),
        };
        expectSafeEverywhere(reply, harmless, term.trim());
      }),
      { numRuns: 150 },
    );
  });
});
