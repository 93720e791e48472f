/**
 * The real DiscordAdapter (real discord.js underneath) connected to the fake Discord,
 * with verbs that send interactions built from the fixtures in tests/fixtures/discord
 * and wait for the bot's answer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiscordAdapter } from '../../../src/adapters/discord/discord-adapter.ts';
import type { InteractionTiming } from '../../../src/adapters/discord/interactions.ts';
import type { Locale } from '../../../src/core/i18n.ts';
import type { Store } from '../../../src/store/store.ts';
import { type Callback, FakeDiscord, type FakeGuild, type InteractionRecord } from '../../fakes/fake-discord.ts';
import { type TestStudy, testStudy } from '../../support/study.ts';
import { type LogLine, recordingLogger } from '../../support/logs.ts';

export { type LogLine, recordingLogger } from '../../support/logs.ts';

export const GUILD_ID = '290926798626357999';
export const CHANNEL_ID = '645027906669510667';
/** A channel that exists in the fake but the bot may not post in. */
export const LOCKED_CHANNEL_ID = '645027906669510668';

export const GUILD: FakeGuild = {
  id: GUILD_ID,
  name: 'k8s study',
  channels: [
    { id: CHANNEL_ID, name: 'study' },
    { id: LOCKED_CHANNEL_ID, name: 'announcements' },
  ],
  members: 3,
  roles: 2,
};

/** Permission bitfields as Discord sends them: view, send, history, embed, attach, use commands; and the same plus Manage Server. */
export const PERMISSIONS = { member: '2147601408', manager: String(2147601408n | (1n << 5n)), admin: String(2147601408n | (1n << 3n)) };

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/discord');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

export interface Who {
  locale?: string;
  permissions?: string;
  userId?: string;
  /** The member's server nickname, the name the bot shows for them. */
  nick?: string;
}

type Option = Record<string, unknown>;

/** A slash command payload: the fixture with this command, its options and who typed it. */
export function commandPayload(name: string, options: Option[], who: Who = {}, base = 'slash-command.json'): Record<string, unknown> {
  const payload = fixture(base);
  payload.data = { ...(payload.data as object), name, options };
  return personalise(payload, who);
}

export function stringOption(name: string, value: string): Option {
  return { type: 3, name, value };
}

export function subcommand(name: string, options: Option[] = []): Option {
  return { type: 1, name, options };
}

function personalise(payload: Record<string, unknown>, who: Who): Record<string, unknown> {
  if (who.locale !== undefined) payload.locale = who.locale;
  const member = payload.member as { permissions: string; nick: string | null; user: { id: string } } | undefined;
  if (member && who.permissions !== undefined) member.permissions = who.permissions;
  if (member && who.userId !== undefined) member.user.id = who.userId;
  if (member && who.nick !== undefined) member.nick = who.nick;
  return payload;
}

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  core: TestStudy;
  logs: LogLine[];
  reconnects: number;
  /** Sends an interaction and waits for the bot's first callback to it. */
  send(payload: Record<string, unknown>): Promise<{ record: InteractionRecord; callback: Callback }>;
  command(name: string, options: Option[], who?: Who): Promise<{ record: InteractionRecord; callback: Callback }>;
  /** Presses a button on a message the bot sent (the message as the fake keeps it). */
  press(customId: string, message: Record<string, unknown> | undefined, who?: Who): Promise<{ record: InteractionRecord; callback: Callback }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  core?: TestStudy;
  store?: Store;
  guildId?: string | null;
  defaultLocale?: Locale;
  timing?: InteractionTiming;
  fake?: FakeDiscord;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = options.fake ?? (await FakeDiscord.start({ guilds: [GUILD] }));
  const core = options.core ?? (await testStudy());
  const logs: LogLine[] = [];
  const send = async (payload: Record<string, unknown>) => {
    const record = fake.dispatchInteraction(payload);
    const [callback] = await fake.waitForCallback(record);
    return { record, callback: callback! };
  };
  const harness: Harness = {
    fake,
    core,
    logs,
    reconnects: 0,
    adapter: undefined as unknown as DiscordAdapter,
    send,
    command: (name, commandOptions, who = {}) => send(commandPayload(name, commandOptions, who)),
    press(customId, message, who = {}) {
      const payload = fixture('button.json');
      payload.data = { custom_id: customId, component_type: 2 };
      if (message) payload.message = message;
      return send(personalise(payload, who));
    },
    async close() {
      await harness.adapter?.stop();
      if (!options.fake) await fake.close();
    },
  };
  harness.adapter = new DiscordAdapter({
    token: fake.token,
    apiUrl: fake.apiUrl,
    ...(options.guildId === null ? {} : { guildId: options.guildId ?? GUILD_ID }),
    dispatcher: core.dispatcher,
    store: options.store ?? core.store,
    logger: recordingLogger(logs),
    defaultLocale: options.defaultLocale ?? 'ko',
    onReconnect: () => {
      harness.reconnects += 1;
    },
    ...(options.timing ? { timing: options.timing } : {}),
  });
  try {
    await harness.adapter.start();
  } catch (error) {
    await harness.close();
    throw error;
  }
  return harness;
}

// ---- reading what the bot sent ----

export interface EmbedJson {
  title?: string;
  description?: string;
  color?: number;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
}

export interface ButtonJson {
  type: number;
  style: number;
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export function embedOf(body: Record<string, unknown> | undefined): EmbedJson {
  return ((body?.embeds as EmbedJson[] | undefined) ?? [])[0] ?? {};
}

export function buttonsOf(body: Record<string, unknown> | undefined): ButtonJson[] {
  return ((body?.components as Array<{ components: ButtonJson[] }> | undefined) ?? []).flatMap((row) => row.components);
}

/** Everything a reader sees in an embed, joined. */
export function textOf(body: Record<string, unknown> | undefined): string {
  const embed = embedOf(body);
  return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text].filter(Boolean).join('\n');
}

export const EPHEMERAL = 64;

export function isEphemeral(body: Record<string, unknown> | undefined): boolean {
  return (((body?.flags as number | undefined) ?? 0) & EPHEMERAL) !== 0;
}
