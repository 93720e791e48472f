import { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentPostError } from '../../../src/adapters/adapter.ts';
import { clientOptions } from '../../../src/adapters/discord/client-options.ts';
import { DiscordAdapter } from '../../../src/adapters/discord/discord-adapter.ts';
import type { Reply } from '../../../src/core/reply.ts';
import { type ChannelRefusal, FakeDiscord, manyGuilds, waitUntil } from '../../fakes/fake-discord.ts';
import { testStudy } from '../../support/study.ts';
import { CHANNEL_ID, embedOf, GUILD, GUILD_ID, type Harness, LOCKED_CHANNEL_ID, recordingLogger, startHarness, stringOption } from './harness.ts';

const where = (channel: string) => ({ platform: 'discord' as const, community: GUILD_ID, channel });
const question: Reply = {
  visibility: 'channel',
  title: 'Daily quiz · r1',
  sections: ['What runs one Pod on every node? @everyone'],
  tone: 'info',
  buttons: [{ label: 'A', action: 'quiz.round', payload: 'r1:A', style: 'primary' }],
};

describe('Discord adapter transport', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('connection', () => {
    it('GIVEN the gateway said READY THEN the adapter is ready, having identified with the Guilds intent only', () => {
      expect(h.adapter.isReady()).toBe(true);
      expect(h.fake.identifies).toHaveLength(1);
      expect(h.fake.identifies[0]!.intents).toBe(1);
      expect(h.fake.requestsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    });

    it('GIVEN the connection drops THEN readiness falls AND discord.js resumes the same session, readiness returns and the reconnect is reported', async () => {
      const before = h.reconnects;
      h.fake.dropConnections(4000);
      await waitUntil(() => !h.adapter.isReady(), 2000, 'readiness to fall');
      await waitUntil(() => h.adapter.isReady(), 5000, 'readiness to return');
      expect(h.adapter.notReadyReason()).toBeUndefined();
      expect(h.reconnects).toBe(before + 1);
      expect(h.fake.sessions.filter((session) => session.resumed > 0)).toHaveLength(1);
      expect(h.fake.identifies).toHaveLength(1);

      const { callback } = await h.command('define', [stringOption('term', 'pod')], { locale: 'en-US' });
      expect(embedOf(callback.data).title).toBe('Pod · 파드');
    });
  });

  describe('posting', () => {
    it('GIVEN a channel WHEN post() THEN a message with an embed, buttons and no mentions is created there AND edit() replaces it', async () => {
      const posted = await h.adapter.post(where(CHANNEL_ID), question);
      expect(posted).toEqual({ platform: 'discord', community: GUILD_ID, channel: CHANNEL_ID, messageId: expect.stringMatching(/^\d+$/) });
      const [sent] = h.fake.requestsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
      expect(sent!.authorization).toBe(`Bot ${h.fake.token}`);
      expect(sent!.json).toMatchObject({
        allowed_mentions: { parse: [] },
        embeds: [{ title: 'Daily quiz · r1' }],
        components: [{ components: [{ custom_id: 'quiz.round|r1:A' }] }],
      });
      expect(sent!.json).not.toHaveProperty('flags');
      expect(sent!.json).not.toHaveProperty('content');

      await h.adapter.edit(posted, { ...question, title: 'Answer · r1', buttons: [] });
      expect(h.fake.messages.get(posted.messageId)?.embeds).toEqual([expect.objectContaining({ title: 'Answer · r1' })]);
      expect(h.fake.messages.get(posted.messageId)?.components).toEqual([]);
    });

    it('GIVEN Discord answers 429 once WHEN post() THEN discord.js waits the Retry-After and the retry succeeds', async () => {
      h.fake.rateLimitOnce('POST', /^\/channels\/\d+\/messages$/, 0.3);
      const before = h.fake.requestsTo('POST', /^\/channels\//).length;
      const started = performance.now();
      const posted = await h.adapter.post(where(CHANNEL_ID), question);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(h.fake.requestsTo('POST', /^\/channels\//).length - before).toBe(2);
      expect(h.fake.messages.has(posted.messageId)).toBe(true);
      expect(h.logs.some((line) => line.message === 'discord rate limited; waiting')).toBe(true);
    });

    it.each<[ChannelRefusal, number, number]>([
      ['missing-access', 403, 50001],
      ['unknown-channel', 404, 10003],
      ['missing-permissions', 403, 50013],
    ])('GIVEN a channel answering %s WHEN post() THEN a PermanentPostError says %i %i', async (refusal, status, code) => {
      h.fake.refuseChannel(LOCKED_CHANNEL_ID, refusal);
      const error = await h.adapter.post(where(LOCKED_CHANNEL_ID), question).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PermanentPostError);
      expect((error as Error).message).toContain(`${status} ${code}`);
    });

    it('GIVEN a message that is gone WHEN edit() THEN a PermanentPostError', async () => {
      const error = await h.adapter.edit({ ...where(CHANNEL_ID), messageId: '999' }, question).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PermanentPostError);
    });

    it('GIVEN one 500 WHEN post() THEN discord.js retries and the message is posted', async () => {
      h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, 500);
      const posted = await h.adapter.post(where(CHANNEL_ID), question);
      expect(h.fake.messages.has(posted.messageId)).toBe(true);
    });

    it('GIVEN Discord failing with 500 on every retry WHEN post() THEN the error is not called permanent (the round job tries again later)', async () => {
      h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, 500, 10);
      const error = await h.adapter.post(where(CHANNEL_ID), question).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentPostError);
      expect((error as Error).message).toMatch(/Internal Server Error/);
    });
  });
});

describe('Discord adapter readiness', () => {
  it('GIVEN the gateway closes with a code discord.js will not resume from (4004) THEN the adapter is not ready AND its reason names the shard and the code', async () => {
    const h = await startHarness();
    try {
      h.fake.dropConnections(4004);
      await waitUntil(() => !h.adapter.isReady(), 2000, 'readiness to fall');
      await waitUntil(() => /closed for good/.test(h.adapter.notReadyReason() ?? ''), 2000, 'the reason to say the gateway closed');
      expect(h.adapter.notReadyReason()).toMatch(/^gateway shard 0 closed for good with code 4004\b/);
    } finally {
      await h.close();
    }
  });
});

describe('Discord adapter start-up', () => {
  it('GIVEN a wrong token WHEN started THEN start() fails instead of hanging', async () => {
    const fake = await FakeDiscord.start({ guilds: [GUILD] });
    const core = await testStudy();
    const adapter = new DiscordAdapter({
      token: 'wrong',
      apiUrl: fake.apiUrl,
      dispatcher: core.dispatcher,
      store: core.store,
      logger: recordingLogger([]),
      defaultLocale: 'ko',
    });
    try {
      await expect(adapter.start()).rejects.toThrow();
      expect(adapter.isReady()).toBe(false);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('GIVEN shard 1 of 2 WHEN started THEN it identifies as [1, 2], gets only its guilds and leaves registration to shard 0', async () => {
    const fake = await FakeDiscord.start({ guilds: [GUILD] });
    const core = await testStudy();
    const adapter = new DiscordAdapter({
      token: fake.token,
      apiUrl: fake.apiUrl,
      shard: { id: 1, count: 2 },
      dispatcher: core.dispatcher,
      store: core.store,
      logger: recordingLogger([]),
      defaultLocale: 'ko',
    });
    try {
      await adapter.start();
      expect(fake.identifies[0]!.shard).toEqual([1, 2]);
      expect(adapter.isReady()).toBe(true);
      expect(fake.requestsTo('PUT', /commands$/)).toEqual([]);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });
});

describe('Discord adapter heartbeats', () => {
  it('GIVEN a gateway asking for a heartbeat every 100 ms WHEN 600 ms pass after READY THEN the fake has ACKed at least 2 heartbeats AND there was one IDENTIFY, no reconnect, and the adapter stayed ready', async () => {
    const fake = await FakeDiscord.start({ guilds: [GUILD], heartbeatIntervalMs: 100 });
    const h = await startHarness({ fake });
    try {
      expect(h.adapter.isReady()).toBe(true);
      const readyAt = performance.now();
      let dropped = false;
      await waitUntil(
        () => {
          if (!h.adapter.isReady()) dropped = true;
          return performance.now() - readyAt >= 600 && fake.heartbeats >= 2;
        },
        3000,
        '600 ms and 2 heartbeats',
      );
      expect(fake.heartbeats).toBeGreaterThanOrEqual(2);
      expect(fake.identifies).toHaveLength(1);
      expect(fake.sessions.map((session) => session.resumed)).toEqual([0]);
      expect(h.reconnects).toBe(0);
      expect(dropped).toBe(false);
      expect(h.adapter.isReady()).toBe(true);
    } finally {
      await h.close();
      await fake.close();
    }
  });
});

describe('Discord client caches', () => {
  it('GIVEN servers with members WHEN a client built with the adapter’s options is ready THEN it keeps servers and channels but only the bot’s own user and member', async () => {
    const fake = await FakeDiscord.start({ guilds: manyGuilds(3, { channels: 2, members: 6, roles: 2 }) });
    const client = new Client(clientOptions({ apiUrl: fake.apiUrl }));
    try {
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(fake.token);
      await ready;
      expect(client.guilds.cache.size).toBe(3);
      expect(client.channels.cache.size).toBe(6);
      expect([...client.users.cache.keys()]).toEqual([fake.bot.botUserId]);
      expect(client.guilds.cache.map((guild) => [...guild.members.cache.keys()])).toEqual([[fake.bot.botUserId], [fake.bot.botUserId], [fake.bot.botUserId]]);
      expect(client.guilds.cache.first()?.members.me?.id).toBe(fake.bot.botUserId);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
