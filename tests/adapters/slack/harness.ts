/**
 * The real SlackAdapter (real Bolt underneath) against the fake Slack, in either
 * mode, with the same two verbs for both: type a slash command, press a button.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SlackAdapter } from '../../../src/adapters/slack/slack-adapter.ts';
import type { Locale } from '../../../src/core/i18n.ts';
import type { HttpServer } from '../../../src/http/server.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { FakeSlack, type FakeSlackUser, formBody, interactiveBody, postSigned, type SignedResponse } from '../../fakes/fake-slack.ts';
import { type TestStudy, testStudy } from '../../support/study.ts';
import { type LogLine, recordingLogger } from '../../support/logs.ts';
import { startLoopbackHttp } from '../../support/http.ts';

export { type LogLine, recordingLogger } from '../../support/logs.ts';

export type Mode = 'socket' | 'http';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export const USERS = {
  minji: { id: 'U0KO', name: 'minji', real_name: '김민지', locale: 'ko-KR' },
  amy: { id: 'U0EN', name: 'amy', real_name: 'Amy McGee', locale: 'en-US' },
  admin: { id: 'U0ADMIN', name: 'jihoon', real_name: '박지훈', locale: 'ko-KR', is_admin: true },
  owner: { id: 'U0OWNER', name: 'olivia', real_name: 'Olivia Owner', locale: 'en-GB', is_owner: true },
  slowAdmin: { id: 'U0SLOW', name: 'slow', real_name: 'Slow Admin', locale: 'en-US', is_admin: true },
  /** users.info knows her but has no locale for her (the field is optional in Slack's answer). */
  noLocale: { id: 'U0NOLOC', name: 'dana', real_name: 'Dana Nolocale' },
  /** A profile name made of markup: formatting, a link, a mention, a quote. */
  mallory: { id: 'U0MAL', name: 'mallory', real_name: '> *bold* _it_ ~s~ `c` **x** <https://evil.example|click> <!here> [Free Nitro](https://evil.example)', locale: 'en-US' },
} satisfies Record<string, FakeSlackUser>;

/** Not in the fake's user table: users.info fails for them. */
export const GHOST = { id: 'U0GHOST', name: 'ghost' };

export interface Typist {
  id: string;
  name: string;
}

export interface Sent {
  /** The ack's body; undefined for a bare ack. */
  ack: Record<string, unknown> | undefined;
  responseUrl: string;
  /** The payload's trigger_id, unique per command or press: the request id in the logs. */
  triggerId: string;
}

export interface Harness {
  mode: Mode;
  fake: FakeSlack;
  adapter: SlackAdapter;
  core: TestStudy;
  logs: LogLine[];
  dispatched: { commands: number; actions: number };
  reconnects: number;
  now: { ms: number };
  /** The URL a signed request goes to (HTTP mode). */
  eventsUrl: string | undefined;
  command(command: string, text: string, user?: Typist): Promise<Sent>;
  press(button: SlackButtonElement, user?: Typist, message?: { ephemeral?: boolean }): Promise<Sent>;
  close(): Promise<void>;
}

/** The id a press of this button carries: Slack sends `value` when the button has one, and `action_id` always. */
export function buttonIdOf(button: { action_id?: string; value?: string }): string | undefined {
  return button.value ?? button.action_id;
}

export interface SlackButtonElement {
  action_id: string;
  value?: string;
  text: { text: string };
}

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/slack');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

export interface HarnessOptions {
  core?: TestStudy;
  /** HTTP mode: mount on the bot's shared server (default) or let the adapter listen on its own. */
  sharedHttp?: boolean;
  /** DEFAULT_LOCALE: the adapter's fallback (en unless given) and, when the harness builds the core, the core's too. */
  defaultLocale?: Locale;
}

export async function startHarness(mode: Mode, options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeSlack.start({ users: Object.values(USERS) });
  const dispatched = { commands: 0, actions: 0 };
  const core =
    options.core ??
    (await testStudy({
      ...(options.defaultLocale ? { locale: options.defaultLocale } : {}),
      observer: {
        commandHandled: () => {
          dispatched.commands += 1;
        },
        actionHandled: () => {
          dispatched.actions += 1;
        },
      },
    }));
  const logs: LogLine[] = [];
  const now = { ms: Date.parse('2026-11-28T00:30:00Z') };
  let triggers = 0;
  const nextTrigger = () => `13345224609.${mode}.${(++triggers).toString(16).padStart(8, '0')}`;
  let shared: HttpServer | undefined;
  if (mode === 'http' && options.sharedHttp !== false) {
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    shared = await startLoopbackHttp({ logger: createLogger({ level: 'warn', pretty: false, destination: sink }) });
  }
  const harness: Harness = {
    mode,
    fake,
    core,
    logs,
    dispatched,
    reconnects: 0,
    now,
    eventsUrl: undefined,
    adapter: undefined as unknown as SlackAdapter,
    async command(command, text, user = USERS.minji) {
      const responseUrl = fake.responseUrl();
      const triggerId = nextTrigger();
      const fields = {
        ...fixture<Record<string, string>>('slash-command.json'),
        command,
        text,
        user_id: user.id,
        user_name: user.name,
        team_id: fake.teamId,
        response_url: responseUrl,
        trigger_id: triggerId,
      };
      if (mode === 'socket') {
        const ack = await fake.sendEnvelope({ type: 'slash_commands', payload: fields, accepts_response_payload: true });
        return { ack: Object.keys(ack).length > 0 ? ack : undefined, responseUrl, triggerId };
      }
      const response = await signed(harness, formBody(fields));
      if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${command} ${text}`);
      return { ack: response.json, responseUrl, triggerId };
    },
    async press(button, user = USERS.minji, message = {}) {
      const responseUrl = fake.responseUrl();
      const triggerId = nextTrigger();
      const base = fixture<Record<string, unknown>>('block-actions.json');
      const payload = {
        ...base,
        user: { id: user.id, username: user.name, name: user.name, team_id: fake.teamId },
        team: { id: fake.teamId, domain: 'example' },
        container: { ...(base.container as object), is_ephemeral: message.ephemeral === true },
        response_url: responseUrl,
        trigger_id: triggerId,
        actions: [
          {
            type: 'button',
            block_id: 'actions-0',
            action_id: button.action_id,
            value: button.value,
            text: { type: 'plain_text', text: button.text.text },
            action_ts: '1548426417.840180',
          },
        ],
      };
      if (mode === 'socket') {
        const ack = await fake.sendEnvelope({ type: 'interactive', payload, accepts_response_payload: false });
        return { ack: Object.keys(ack).length > 0 ? ack : undefined, responseUrl, triggerId };
      }
      const response = await signed(harness, interactiveBody(payload));
      if (response.status !== 200) throw new Error(`HTTP ${response.status} for a press on ${button.action_id}`);
      return { ack: response.json, responseUrl, triggerId };
    },
    async close() {
      await harness.adapter?.stop();
      await shared?.close();
      await fake.close();
    },
  };
  harness.adapter = new SlackAdapter({
    botToken: fake.botToken,
    ...(mode === 'socket' ? { appToken: fake.appToken } : { signingSecret: SIGNING_SECRET }),
    apiUrl: fake.apiUrl,
    dispatcher: core.dispatcher,
    store: core.store,
    logger: recordingLogger(logs),
    defaultLocale: options.defaultLocale ?? 'en',
    ...(shared ? { http: shared } : {}),
    port: 0,
    onReconnect: () => {
      harness.reconnects += 1;
    },
    clock: () => now.ms,
  });
  try {
    await harness.adapter.start();
    if (mode === 'socket') await fake.waitForSockets(1);
  } catch (error) {
    await harness.close();
    throw error;
  }
  if (mode === 'http') harness.eventsUrl = `http://127.0.0.1:${shared ? shared.port : harness.adapter.httpPort()}/slack/events`;
  return harness;
}

export function signed(
  harness: Harness,
  body: string,
  overrides: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<SignedResponse> {
  if (!harness.eventsUrl) throw new Error('signed requests are for HTTP mode');
  return postSigned(harness.eventsUrl, body, { secret: SIGNING_SECRET, ...overrides });
}

// ---- reading what the adapter sent ----

interface Block {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<SlackButtonElement & { type: string; text: { text: string } | string }>;
}

export function blocksOf(message: unknown): Block[] {
  return ((message as { blocks?: Block[] } | undefined)?.blocks ?? []) as Block[];
}

export function headerOf(message: unknown): string | undefined {
  return blocksOf(message).find((block) => block.type === 'header')?.text?.text;
}

/** Every bit of text a reader sees, blocks and fallback, joined. */
export function textOf(message: unknown): string {
  const parts: string[] = [(message as { text?: string } | undefined)?.text ?? ''];
  for (const block of blocksOf(message)) {
    if (block.text) parts.push(block.text.text);
    for (const field of block.fields ?? []) parts.push(field.text);
    for (const element of block.elements ?? []) parts.push(typeof element.text === 'string' ? element.text : element.text.text);
  }
  return parts.join('\n');
}

export function buttonsOf(message: unknown): SlackButtonElement[] {
  return blocksOf(message)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []) as SlackButtonElement[];
}
