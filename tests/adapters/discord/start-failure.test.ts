/**
 * The real DiscordAdapter (discord.js underneath) starting against a Discord it cannot
 * use: nothing listening at DISCORD_API_URL, a token the fake refuses. Start-up fails
 * fast, and the error carries the code that says why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/adapters/discord/discord-adapter.ts';
import { startFailureLine } from '../../../src/start-failure.ts';
import { FakeDiscord } from '../../fakes/fake-discord.ts';
import { testStudy } from '../../support/study.ts';
import { freePort } from '../../support/redis.ts';
import { failure } from '../../support/failure.ts';
import { type LogLine, recordingLogger } from '../../support/logs.ts';

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function adapter(apiUrl: string, token: string, logs: LogLine[]): Promise<DiscordAdapter> {
  const core = await testStudy();
  const built = new DiscordAdapter({ token, apiUrl, dispatcher: core.dispatcher, store: core.store, logger: recordingLogger(logs), defaultLocale: 'en' });
  stops.push(() => built.stop());
  return built;
}

describe('Discord start-up against a Discord it cannot use', () => {
  it('GIVEN DISCORD_API_URL where nothing listens WHEN the adapter starts THEN it fails within 10 s with ECONNREFUSED', async () => {
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}/api`;
    const discord = await adapter(apiUrl, 'token', []);
    const { error, ms } = await failure(discord.start());
    expect(error).toBeDefined();
    expect(ms).toBeLessThan(10_000);
    expect(startFailureLine('discord', apiUrl, error)).toMatch(new RegExp(`^start-up failed: discord at 127\\.0\\.0\\.1:${port}: ECONNREFUSED \\(`));
    expect(discord.isReady()).toBe(false);
  }, 20_000);

  it('GIVEN a token Discord rejects WHEN the adapter starts THEN it fails with TokenInvalid', async () => {
    const fake = await FakeDiscord.start();
    stops.push(() => fake.close());
    const discord = await adapter(fake.apiUrl, 'not-the-token', []);
    const { error, ms } = await failure(discord.start());
    expect(ms).toBeLessThan(5000);
    expect(startFailureLine('discord', fake.apiUrl, error)).toMatch(new RegExp(`^start-up failed: discord at 127\\.0\\.0\\.1:${fake.port}: TokenInvalid \\(`));
  });
});
