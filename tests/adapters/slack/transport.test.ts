import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/adapters/slack/slack-adapter.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { formBody, interactiveBody, slackSignature, waitUntil } from '../../fakes/fake-slack.ts';
import { testStudy } from '../../support/study.ts';
import { fixture, type Harness, headerOf, SIGNING_SECRET, signed, startHarness, USERS } from './harness.ts';

const CHANNEL = 'C2147483705';
const where = { platform: 'slack' as const, community: 'T0001', channel: CHANNEL };

describe('HTTP mode: only requests Slack signed, recently, are handled', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  const subscribeBody = (responseUrl: string) =>
    formBody({
      ...fixture<Record<string, string>>('slash-command.json'),
      command: '/quiz',
      text: 'subscribe',
      user_id: USERS.admin.id,
      user_name: USERS.admin.name,
      response_url: responseUrl,
    });

  /** A press on a practice choice: its answer always goes to the response_url, never in the ack. */
  const pressBody = (responseUrl: string) => {
    const payload = fixture('block-actions.json');
    return interactiveBody({ ...payload, user: { ...(payload.user as object), id: USERS.amy.id }, response_url: responseUrl });
  };

  it('GIVEN a wrong signature WHEN an admin subscribe arrives THEN it gets 401 AND nothing is dispatched, answered, asked of the Web API or stored', async () => {
    const calls = h.fake.calls.length;
    const responseUrl = h.fake.responseUrl();
    const body = subscribeBody(responseUrl);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await signed(h, body, { timestamp, signature: slackSignature('not-the-secret', timestamp, body) });
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.dispatched.commands).toBe(0);
    expect(h.fake.calls.length).toBe(calls);
    expect(h.fake.responsesTo(responseUrl)).toEqual([]);
    expect(await h.core.study.subscriptions.find(where)).toBeUndefined();
  });

  it('GIVEN a correct signature over a timestamp six minutes old WHEN it arrives THEN it gets 401 AND nothing changes, is asked of the Web API or is answered', async () => {
    const calls = h.fake.calls.length;
    const responseUrl = h.fake.responseUrl();
    const response = await signed(h, subscribeBody(responseUrl), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.dispatched.commands).toBe(0);
    expect(h.fake.calls.length).toBe(calls);
    expect(h.fake.responsesTo(responseUrl)).toEqual([]);
    expect(await h.core.study.subscriptions.find(where)).toBeUndefined();
  });

  it.each([
    ['a wrong signature', (body: string, now: number) => ({ timestamp: now, signature: slackSignature('not-the-secret', now, body) })],
    ['a timestamp six minutes old', (_body: string, now: number) => ({ timestamp: now - 6 * 60 })],
  ])(
    'GIVEN %s WHEN a button press arrives THEN it gets 401 AND nothing is dispatched, asked of the Web API or posted to its response_url',
    async (_how, overrides) => {
      const calls = h.fake.calls.length;
      const responseUrl = h.fake.responseUrl();
      const body = pressBody(responseUrl);
      const response = await signed(h, body, overrides(body, Math.floor(Date.now() / 1000)));
      expect(response.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.dispatched.actions).toBe(0);
      expect(h.fake.calls.length).toBe(calls);
      expect(h.fake.responsesTo(responseUrl)).toEqual([]);
    },
  );

  it('GIVEN the same request signed now THEN it is handled (the refusals above were about the signature)', async () => {
    const response = await signed(h, subscribeBody(h.fake.responseUrl()));
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('in_channel');
    expect(h.dispatched.commands).toBe(1);
    expect(await h.core.study.subscriptions.find(where)).toBeDefined();
  });

  it('GIVEN the body was changed after signing THEN it gets 401', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const original = subscribeBody(h.fake.responseUrl());
    const response = await signed(h, original.replace('subscribe', 'unsubscribe'), {
      timestamp,
      signature: slackSignature(SIGNING_SECRET, timestamp, original),
    });
    expect(response.status).toBe(401);
    expect(await h.core.study.subscriptions.find(where)).toBeDefined();
  });
});

describe('HTTP mode without a shared server', () => {
  it('GIVEN no shared HTTP server WHEN the adapter starts THEN it listens on its own port for POST /slack/events AND stops cleanly', async () => {
    const h = await startHarness('http', { sharedHttp: false });
    try {
      expect(h.adapter.httpPort()).toBeGreaterThan(0);
      const { ack } = await h.command('/define', 'DemonSet', USERS.amy);
      expect(headerOf(ack)).toBe('DaemonSet · 데몬셋');
    } finally {
      await h.close();
    }
    expect(h.adapter.isReady()).toBe(false);
  });
});

describe('Socket Mode connection', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('socket');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN SLACK_API_URL WHEN Socket Mode connects THEN apps.connections.open went to that URL with the app token', () => {
    const opens = h.fake.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.authorization).toBe(`Bearer ${h.fake.appToken}`);
    expect(h.adapter.isReady()).toBe(true);
  });

  it('GIVEN a connected app WHEN Slack drops the connection THEN readiness says the connection was lost AND the adapter opens a new one AND reports the reconnect AND serves commands on it', async () => {
    h.fake.dropConnection();
    await waitUntil(() => !h.adapter.isReady(), 2000, 'the adapter to notice the drop');
    expect(h.adapter.notReadyReason()).toMatch(/^Socket Mode connection lost at \d{4}-\d\d-\d\dT[\d:.]+Z; reconnecting/);
    await h.fake.waitForSockets(2, 15_000);
    await waitUntil(() => h.reconnects === 1 && h.adapter.isReady(), 2000, 'the reconnect to be reported');
    expect(h.adapter.notReadyReason()).toBeUndefined();
    expect(h.fake.callsTo('apps.connections.open')).toHaveLength(2);
    const { ack } = await h.command('/define', 'pod', USERS.amy);
    expect(headerOf(ack)).toBe('Pod · 파드');
  }, 20_000);

  it('GIVEN a running adapter WHEN it is stopped THEN the connection is closed AND it is no longer ready', async () => {
    await h.adapter.stop();
    expect(h.adapter.isReady()).toBe(false);
    await waitUntil(() => h.fake.sockets.every((socket) => socket.readyState === socket.CLOSED), 3000, 'the socket to close');
  });
});

describe('construction', () => {
  it('GIVEN neither an app token nor a signing secret THEN the error names both variables', async () => {
    const { dispatcher, store } = await testStudy();
    const build = () =>
      new SlackAdapter({ botToken: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/', dispatcher, store, logger: silentLogger, defaultLocale: 'ko' });
    expect(build).toThrow(/SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
  });

  it('GIVEN no bot token THEN the error names SLACK_BOT_TOKEN', async () => {
    const { dispatcher, store } = await testStudy();
    expect(
      () =>
        new SlackAdapter({ botToken: '', signingSecret: 's', apiUrl: 'http://127.0.0.1:9/api/', dispatcher, store, logger: silentLogger, defaultLocale: 'ko' }),
    ).toThrow(/SLACK_BOT_TOKEN/);
  });
});
