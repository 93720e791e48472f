/**
 * The 🚩 on every platform, through the real adapters and the fakes: Discord answers the press
 * with a modal (callback type 9) and takes the modal's submission (interaction type 5); Slack
 * opens a modal with `views.open` on the press's trigger id and takes the `view_submission`
 * (Socket Mode envelope or signed HTTP body); the console says how to report by text. Each ends
 * with the report stored and a thank-you only the reporter sees.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { toCommandsJson } from '../../src/adapters/discord/commands-json.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { waitUntil } from '../fakes/fake-discord.ts';
import { interactiveBody } from '../fakes/fake-slack.ts';
import { discordMarkup, slackMarkup } from '../support/markup.ts';
import { testStudy } from '../support/study.ts';
import * as discord from './discord/harness.ts';
import * as slack from './slack/harness.ts';

const HOSTILE = '[Free Nitro](https://evil.example) **x** <@123456789012345678> @everyone';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('reports on Discord', () => {
  const MEMBER = { locale: 'en-US', permissions: discord.PERMISSIONS.member, userId: '600000000000000201' };

  async function start() {
    const h = await discord.startHarness({ defaultLocale: 'en' });
    closers.push(() => h.close());
    return h;
  }

  /** A modal's submission as Discord sends it: the modal's custom id and the text input's value in an action row. */
  function submission(customId: string, value: string, who: discord.Who): Record<string, unknown> {
    const payload = discord.fixture('button.json');
    payload.type = 5;
    delete payload.message;
    payload.data = { custom_id: customId, components: [{ type: 1, components: [{ type: 4, custom_id: 'value', value }] }] };
    (payload.member as { user: { id: string }; permissions: string }).user.id = who.userId!;
    payload.locale = who.locale;
    return payload;
  }

  it('GIVEN a practice question WHEN 🚩 is pressed THEN a modal asks what is wrong (at most 500) AND its submission stores the report and thanks the reporter alone', async () => {
    const h = await start();
    const { record, callback } = await h.command('quiz', [discord.subcommand('practice')], MEMBER);
    const flag = discord.buttonsOf(callback.data).find((button) => button.label === '🚩')!;
    const questionId = flag.custom_id.split('|')[1]!;
    const pressed = await h.press(flag.custom_id, record.original as Record<string, unknown>, MEMBER);
    expect(pressed.callback.type).toBe(9);
    const modal = pressed.callback.data as { custom_id: string; title: string; components: Array<{ components: Array<Record<string, unknown>> }> };
    expect(modal.custom_id).toBe(`report.submit|${questionId}`);
    expect(modal.title).toBe('What is wrong?');
    expect(modal.components[0]!.components[0]).toMatchObject({
      type: 4,
      custom_id: 'value',
      style: 2,
      max_length: 500,
      required: true,
      label: `What is wrong with ${questionId}`,
    });

    const { callback: thanks } = await h.send(submission(modal.custom_id, 'B is right too', MEMBER));
    expect(thanks.type).toBe(4);
    expect(discord.isEphemeral(thanks.data)).toBe(true);
    expect(discord.textOf(thanks.data)).toContain('Thanks for the report');
    const [stored] = await h.core.study.reports.open({ platform: 'discord', community: discord.GUILD_ID });
    expect(stored).toMatchObject({ item: questionId, kind: 'question', reports: [{ user: MEMBER.userId, reason: 'B is right too' }] });
  });

  it('GIVEN a reason made of markup THEN the thank-you shows it inert', async () => {
    const h = await start();
    const customId = 'report.submit|kubelet';
    const hostile = await h.send(submission(customId, HOSTILE, MEMBER));
    const harmless = await h.send(submission(customId, 'Qq7', { ...MEMBER, userId: '600000000000000202' }));
    const description = (callback: typeof hostile.callback) => discord.embedOf(callback.data).description ?? '';
    expect(discordMarkup(description(hostile.callback))).toEqual(discordMarkup(description(harmless.callback)));
  });

  it('GIVEN /report with item and reason options THEN the report is stored AND an unknown item gets a clear reply', async () => {
    const h = await start();
    const { callback } = await h.command('report', [discord.stringOption('item', 'pod'), discord.stringOption('reason', 'wrong picture')], MEMBER);
    expect(discord.isEphemeral(callback.data)).toBe(true);
    expect(discord.textOf(callback.data)).toContain('Thanks for the report');
    const unknown = await h.command('report', [discord.stringOption('item', 'podd'), discord.stringOption('reason', 'x')], MEMBER);
    expect(discord.textOf(unknown.callback.data)).toMatch(/There is no term or question .*podd/);
    expect(discord.textOf(unknown.callback.data)).toContain('pod');
  });

  it('GIVEN "fx-t" typed into /report item THEN the choices (type 8) are the question ids it starts; "kub" gives the term', async () => {
    const h = await start();
    const complete = async (value: string) => {
      const payload = discord.fixture('autocomplete.json');
      payload.data = { ...(payload.data as object), name: 'report', options: [{ type: 3, name: 'item', value, focused: true }] };
      const { callback } = await h.send(payload);
      expect(callback.type).toBe(8);
      return (callback.data?.choices ?? []) as Array<{ name: string; value: string }>;
    };
    expect((await complete('fx-t')).map((choice) => choice.value)).toEqual(['fx-terms-001', 'fx-terms-002', 'fx-terms-003']);
    expect(await complete('kub')).toEqual([{ name: 'kubelet', value: 'kubelet' }]);
  });

  it('GIVEN the registry THEN Discord gets /report with item (required, autocompleted) and reason (required, at most 500) AND /quiz reports with an optional resolve', () => {
    const json = toCommandsJson(commands);
    expect(json.find((command) => command.name === 'report')?.options).toEqual([
      expect.objectContaining({ type: 3, name: 'item', required: true, autocomplete: true }),
      expect.objectContaining({ type: 3, name: 'reason', required: true, max_length: 500 }),
    ]);
    const reports = json.find((command) => command.name === 'quiz')?.options?.find((option) => option.name === 'reports') as { options?: unknown[] };
    expect(reports.options).toEqual([expect.objectContaining({ type: 3, name: 'resolve', required: false })]);
  });

  it('GIVEN /define kubelet THEN the definition carries a 🚩 for that term', async () => {
    const h = await start();
    const post = await h.command('define', [discord.stringOption('term', 'kubelet')], MEMBER);
    const flag = discord.buttonsOf(post.callback.data).find((button) => button.label === '🚩');
    expect(flag?.custom_id).toBe('report.open|kubelet');
  });
});

describe.each(['socket', 'http'] as const)('reports on Slack (%s)', (mode) => {
  async function start() {
    const h = await slack.startHarness(mode, { defaultLocale: 'en' });
    closers.push(() => h.close());
    return h;
  }

  function viewSubmission(h: slack.Harness, view: Record<string, unknown>, value: string, user: slack.Typist) {
    return {
      type: 'view_submission',
      team: { id: h.fake.teamId, domain: 'example' },
      user: { id: user.id, username: user.name, name: user.name, team_id: h.fake.teamId },
      api_app_id: 'A0APP',
      token: 'verification-token',
      trigger_id: `13345224609.${mode}.view`,
      view: {
        ...view,
        id: 'V0VIEW',
        team_id: h.fake.teamId,
        app_id: 'A0APP',
        bot_id: 'BBOT',
        hash: '1.abc',
        state: { values: { value: { value: { type: 'plain_text_input', value } } } },
      },
    };
  }

  async function submit(h: slack.Harness, payload: object): Promise<void> {
    if (mode === 'socket') {
      await h.fake.sendEnvelope({ type: 'interactive', payload, accepts_response_payload: true });
      return;
    }
    const response = await slack.signed(h, interactiveBody(payload));
    expect(response.status).toBe(200);
  }

  it('GIVEN a practice question WHEN 🚩 is pressed THEN views.open gets a modal on the press trigger id AND the view_submission stores the report and thanks the reporter alone', async () => {
    const h = await start();
    const sent = await h.command('/quiz', 'practice', slack.USERS.amy);
    const body = sent.ack ?? ((await h.fake.waitForResponses(sent.responseUrl, 1))[0] as Record<string, unknown>);
    const flag = slack.buttonsOf(body).find((button) => button.text.text === '🚩')!;
    const questionId = slack.buttonIdOf(flag)!.split('|')[1]!;
    const press = await h.press(flag, slack.USERS.amy, { ephemeral: true });
    await waitUntil(() => h.fake.callsTo('views.open').length === 1, 5000, 'views.open');
    const opened = h.fake.callsTo('views.open')[0]!.params as { trigger_id: string; view: Record<string, unknown> };
    expect(opened.trigger_id).toBe(press.triggerId);
    expect(opened.view).toMatchObject({
      type: 'modal',
      callback_id: `report.submit|${questionId}`,
      title: { type: 'plain_text', text: 'What is wrong?' },
      blocks: [{ type: 'input', block_id: 'value', element: { type: 'plain_text_input', action_id: 'value', max_length: 500 } }],
    });

    await submit(h, viewSubmission(h, opened.view, `${HOSTILE} and B is right too`, slack.USERS.amy));
    await waitUntil(() => h.fake.callsTo('chat.postEphemeral').length === 1, 5000, 'the thank-you');
    const thanks = h.fake.callsTo('chat.postEphemeral')[0]!.params;
    expect(thanks).toMatchObject({ user: slack.USERS.amy.id, channel: JSON.parse(String(opened.view.private_metadata)).channel });
    expect(slack.textOf(thanks)).toContain('Thanks for the report');
    const [stored] = await h.core.study.reports.open({ platform: 'slack', community: h.fake.teamId });
    expect(stored).toMatchObject({ item: questionId, reports: [{ user: slack.USERS.amy.id, reason: `${HOSTILE} and B is right too` }] });
    // The reason's markup stays text: nothing of it is a link, a mention or formatting.
    const section = (slack.blocksOf(thanks)[0]?.text?.text ?? '').split('\n').at(-1)!;
    expect(slackMarkup(section)).toEqual([]);
  });

  it('GIVEN /report typed as text THEN the first word is the id and the rest the reason', async () => {
    const h = await start();
    const sent = await h.command('/report', 'kubelet the "node agent" part is wrong', slack.USERS.amy);
    const body = sent.ack ?? ((await h.fake.waitForResponses(sent.responseUrl, 1))[0] as Record<string, unknown>);
    expect(slack.textOf(body)).toContain('Thanks for the report');
    expect(body.response_type).toBe('ephemeral');
    const [stored] = await h.core.study.reports.open({ platform: 'slack', community: h.fake.teamId });
    expect(stored).toMatchObject({ item: 'kubelet', reports: [{ reason: 'the "node agent" part is wrong' }] });
  });
});

describe('reports on the console', () => {
  it('GIVEN a practice question WHEN 🚩 is typed THEN it says how to report by text AND /report stores it', async () => {
    const core = await testStudy({ locale: 'en' });
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const adapter = new ConsoleAdapter({ dispatcher: core.dispatcher, locale: 'en', logger: silentLogger, input, output, interactive: false });
    await adapter.start();
    closers.push(() => adapter.stop());
    await adapter.handleLine('/quiz practice');
    const id = /(fx-[a-z]+-\d+) ·/.exec(screen)![1]!;
    expect(screen).toContain('[🚩]');
    await adapter.handleLine('🚩');
    expect(screen).toContain(`report by text: /report ${id} <what is wrong>`);
    await adapter.handleLine(`/report ${id} the explanation contradicts choice C`);
    expect(screen).toContain('Thanks for the report');
    const [stored] = await core.study.reports.open({ platform: 'console', community: 'console' });
    expect(stored).toMatchObject({ item: id, reports: [{ user: 'console-user', reason: 'the explanation contradicts choice C' }] });
  });
});
