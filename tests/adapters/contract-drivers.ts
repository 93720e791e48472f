/**
 * One driver per adapter for the contract suite (contract.test.ts): the same verbs (type a
 * command as a member or an admin, press a button, fire the schedule) over the real adapter
 * and its fake platform, and what comes back is what the platform received, read from its
 * payloads: Discord's interaction callbacks and channel requests, Slack's acks, response_url
 * posts and Web API calls, the console's screen.
 */
import { PassThrough } from 'node:stream';
import type { Adapter } from '../../src/adapters/adapter.ts';
import { CONSOLE_WHERE, ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Platform } from '../../src/core/request.ts';
import { runRound } from '../../src/schedule/round-job.ts';
import type { CommunityRef } from '../../src/store/keys.ts';
import { type FakeMessage, waitUntil } from '../fakes/fake-discord.ts';
import { type TestStudy, testStudy } from '../support/study.ts';
import * as discord from './discord/harness.ts';
import * as slack from './slack/harness.ts';

export type Who = 'member' | 'admin';

/** A command as a user types it; Discord gets it as a subcommand and options, Slack and the console as text. */
export interface Typed {
  name: string;
  sub?: string;
  options?: Record<string, string>;
  /** Boolean options set to true: Discord's true/false options, a word of their own in typed text. */
  switches?: string[];
}

/** One message the platform received. */
export interface Received {
  text: string;
  /** Only the caller sees it; undefined where the platform has no such notion (the console) or the message keeps what it replaced. */
  private: boolean | undefined;
  /** It replaced the message whose button was pressed; undefined where the platform cannot replace (the console). */
  replacesPressed: boolean | undefined;
  buttons: Array<{ label: string; disabled: boolean; press(who: Who, expected?: number): Promise<Received[]> }>;
  /** The platform's id of a channel message, where it has one. */
  id?: string;
}

export interface Driver {
  readonly name: string;
  readonly platform: Platform;
  readonly core: TestStudy;
  readonly ref: CommunityRef;
  /** Whether the platform has users who may not manage the community (the console's one user is its operator). */
  readonly hasMembers: boolean;
  /** Whether a reveal edits the posted message in place (a terminal only adds lines). */
  readonly editsInPlace: boolean;
  command(typed: Typed, who: Who): Promise<Received>;
  /** Runs the schedule's firing through this adapter; what the channel received meanwhile. */
  fire(firing: Date): Promise<{ posted: Received[]; edited: Array<Received & { target: string | undefined }> }>;
  close(): Promise<void>;
}

export const textOf = (typed: Typed) => [`/${typed.name}`, typed.sub, ...Object.values(typed.options ?? {}), ...(typed.switches ?? [])].filter(Boolean).join(' ');

const fire = (driver: { core: TestStudy; platform: Platform; adapter: Adapter }, firing: Date) =>
  runRound(firing, { study: driver.core.study, adapters: { [driver.platform]: driver.adapter }, logger: silentLogger });

// ---- Discord: the real adapter on discord.js against the fake gateway and REST API ----

export async function discordDriver(): Promise<Driver> {
  const core = await testStudy({ locale: 'en' });
  const h = await discord.startHarness({ core, defaultLocale: 'en' });
  const people: Record<Who, discord.Who> = {
    member: { locale: 'en-US', permissions: discord.PERMISSIONS.member, userId: '600000000000000101' },
    admin: { locale: 'en-US', permissions: discord.PERMISSIONS.manager, userId: '600000000000000102' },
  };
  const buttons = (body: Record<string, unknown> | undefined, message: Record<string, unknown> | undefined) =>
    discord
      .buttonsOf(body)
      .map((button) => ({
        label: button.label,
        disabled: button.disabled === true,
        press: (who: Who, expected = 1) => press(button.custom_id, message, who, expected),
      }));
  const press = async (customId: string, message: Record<string, unknown> | undefined, who: Who, expected: number): Promise<Received[]> => {
    const { record, callback } = await h.press(customId, message, people[who]);
    if (expected > 1) await waitUntil(() => record.followUps.length >= expected - 1, 5000, 'discord follow-ups');
    const first: Received = {
      text: discord.textOf(callback.data),
      private: callback.type === 7 ? undefined : discord.isEphemeral(callback.data),
      replacesPressed: callback.type === 7,
      buttons: buttons(callback.data, message),
    };
    const rest = record.followUps.map((message) => ({
      text: discord.textOf(message),
      private: discord.isEphemeral(message),
      replacesPressed: false,
      buttons: buttons(message, message),
    }));
    return [first, ...rest];
  };
  const channelMessages = () => [...h.fake.messages.values()].filter((message) => message.channel_id === discord.CHANNEL_ID);
  return {
    name: 'discord',
    platform: 'discord',
    core,
    ref: { platform: 'discord', community: discord.GUILD_ID },
    hasMembers: true,
    editsInPlace: true,
    async command(typed, who) {
      const options = [
        ...Object.entries(typed.options ?? {}).map(([name, value]) => discord.stringOption(name, value)),
        ...(typed.switches ?? []).map((name) => ({ type: 5, name, value: true })),
      ];
      const { record, callback } = await h.command(typed.name, typed.sub ? [discord.subcommand(typed.sub, options)] : options, people[who]);
      if (callback.type !== 4) throw new Error(`discord answered ${typed.name} with callback type ${callback.type}`);
      return {
        text: discord.textOf(callback.data),
        private: discord.isEphemeral(callback.data),
        replacesPressed: false,
        buttons: buttons(callback.data, record.original),
      };
    },
    async fire(firing) {
      const known = new Set(channelMessages().map((message) => message.id));
      const edits = h.fake.requestsTo('PATCH', /^\/channels\//).length;
      await fire({ core, platform: 'discord', adapter: h.adapter }, firing);
      const posted = channelMessages()
        .filter((message) => !known.has(message.id))
        .map((message: FakeMessage) => ({
          id: message.id,
          text: discord.textOf(message),
          private: false,
          replacesPressed: false,
          buttons: buttons(message, message),
        }));
      const edited = h.fake
        .requestsTo('PATCH', /^\/channels\//)
        .slice(edits)
        .map((request) => {
          const body = request.json as Record<string, unknown>;
          return {
            target: request.path.split('/').at(-1),
            text: discord.textOf(body),
            private: false,
            replacesPressed: true,
            buttons: buttons(body, undefined),
          };
        });
      return { posted, edited };
    },
    close: () => h.close(),
  };
}

// ---- Slack: the real adapter on Bolt against the fake Web API, in Socket Mode or HTTP mode ----

export async function slackDriver(mode: slack.Mode): Promise<Driver> {
  const core = await testStudy({ locale: 'en' });
  const h = await slack.startHarness(mode, { core, defaultLocale: 'en' });
  const people: Record<Who, slack.Typist> = { member: slack.USERS.amy, admin: slack.USERS.owner };
  const received = (body: Record<string, unknown>, ephemeralContainer: boolean): Received => ({
    text: slack.textOf(body),
    private: body.replace_original === true ? undefined : body.response_type === 'ephemeral',
    replacesPressed: body.replace_original === true,
    buttons: slack.buttonsOf(body).map((button) => ({
      label: button.text.text,
      disabled: false,
      press: (who: Who, expected = 1) => press(button, who, ephemeralContainer || body.response_type === 'ephemeral', expected),
    })),
  });
  const press = async (button: slack.SlackButtonElement, who: Who, ephemeral: boolean, expected: number): Promise<Received[]> => {
    const sent = await h.press(button, people[who], { ephemeral });
    const responses = (await h.fake.waitForResponses(sent.responseUrl, expected)) as Array<Record<string, unknown>>;
    return responses.map((body) => received(body, ephemeral));
  };
  return {
    name: `slack (${mode})`,
    platform: 'slack',
    core,
    ref: { platform: 'slack', community: h.fake.teamId },
    hasMembers: true,
    editsInPlace: true,
    async command(typed, who) {
      const sent = await h.command(`/${typed.name}`, textOf(typed).split(' ').slice(1).join(' '), people[who]);
      const body = sent.ack ?? ((await h.fake.waitForResponses(sent.responseUrl, 1))[0] as Record<string, unknown>);
      return received(body, false);
    },
    async fire(firing) {
      const [posts, updates] = [h.fake.callsTo('chat.postMessage').length, h.fake.callsTo('chat.update').length];
      await fire({ core, platform: 'slack', adapter: h.adapter }, firing);
      const posted = h.fake
        .callsTo('chat.postMessage')
        .slice(posts)
        .map((call) => ({ ...received(call.params, false), private: false, replacesPressed: false }));
      const edited = h.fake
        .callsTo('chat.update')
        .slice(updates)
        .map((call) => ({ ...received(call.params, false), private: false, target: String(call.params.ts) }));
      return { posted, edited };
    },
    close: () => h.close(),
  };
}

// ---- the console: the real adapter over in-memory streams; its screen is what it received ----

const RULE = '─'.repeat(40);
const BUTTONS = /^(\[[^\]]+\]|\([^)]+\))( (\[[^\]]+\]|\([^)]+\)))*$/;

/** The console draws buttons as the block's last line, `[A] [B]` or spent `(A✓) (B)`. */
function buttonLine(block: string): string {
  const last = block.trimEnd().split('\n').at(-1) ?? '';
  return BUTTONS.test(last) ? last : '';
}

export async function consoleDriver(): Promise<Driver> {
  const core = await testStudy({ locale: 'en' });
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  const adapter = new ConsoleAdapter({ dispatcher: core.dispatcher, locale: 'en', logger: silentLogger, input, output, interactive: false });
  await adapter.start();
  /** The blocks written while `work` ran, one per reply. */
  const blocksDuring = async (work: () => Promise<unknown>): Promise<Received[]> => {
    const before = screen.length;
    await work();
    return screen
      .slice(before)
      .split(`${RULE}\n`)
      .filter((block) => block.trim())
      .map((block) => ({
        text: block,
        private: undefined,
        replacesPressed: undefined,
        buttons: [...buttonLine(block).matchAll(/\[([^\]]+)\]|\(([^)]+)\)/g)].map((match) => ({
          label: (match[1] ?? match[2])!.replace(/[✓✗]$/, ''),
          disabled: match[1] === undefined,
          press: () => blocksDuring(() => adapter.handleLine(match[1]!)),
        })),
      }));
  };
  return {
    name: 'console',
    platform: 'console',
    core,
    ref: { platform: CONSOLE_WHERE.platform, community: CONSOLE_WHERE.community },
    hasMembers: false,
    editsInPlace: false,
    async command(typed) {
      const blocks = await blocksDuring(() => adapter.handleLine(textOf(typed)));
      if (blocks.length !== 1) throw new Error(`the console answered ${textOf(typed)} with ${blocks.length} blocks`);
      return blocks[0]!;
    },
    async fire(firing) {
      // A terminal cannot edit: a reveal is a new block, told from a question by its spent answer buttons.
      const blocks = await blocksDuring(() => fire({ core, platform: 'console', adapter }, firing));
      const open = (block: Received) => block.buttons.some((button) => /^[A-D]$/.test(button.label) && !button.disabled);
      return { posted: blocks.filter(open), edited: blocks.filter((block) => !open(block)).map((block) => ({ ...block, target: undefined })) };
    },
    async close() {
      await adapter.stop();
    },
  };
}
