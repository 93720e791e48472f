import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { toCommandsJson } from '../../../src/adapters/discord/commands-json.ts';
import { Dispatcher } from '../../../src/core/dispatcher.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { createStore } from '../../../src/store/keyv-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { FakeDiscord } from '../../fakes/fake-discord.ts';
import { testStudy } from '../../support/study.ts';
import { GUILD, GUILD_ID, startHarness } from './harness.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const GUILD_ROUTE = new RegExp(`^/applications/\\d+/guilds/${GUILD_ID}/commands$`);
const GLOBAL_ROUTE = /^\/applications\/\d+\/commands$/;

describe('Discord command registration', () => {
  let fake: FakeDiscord;
  let store: Store;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ guilds: [GUILD] });
    store = await createStore('memory://');
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('GIVEN DISCORD_GUILD_ID and an empty store WHEN the bot starts THEN the registry is PUT into that server exactly as converted', async () => {
    const h = await startHarness({ fake, store });
    await h.close();
    const puts = fake.requestsTo('PUT', GUILD_ROUTE);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${fake.bot.appId}/guilds/${GUILD_ID}/commands`);
    expect(puts[0]!.authorization).toBe(`Bot ${fake.token}`);
    expect(puts[0]!.json).toEqual(JSON.parse(JSON.stringify(toCommandsJson(commands))));
  });

  it('GIVEN the same definitions WHEN the bot starts again THEN nothing is registered', async () => {
    const h = await startHarness({ fake, store });
    await h.close();
    expect(fake.requestsTo('PUT', GUILD_ROUTE)).toHaveLength(1);
  });

  it('GIVEN a changed description WHEN the bot starts THEN the commands are registered again, once', async () => {
    const core = await testStudy();
    const changed = commands.map((command) => (command.name === 'help' ? { ...command, description: { ko: '도움말 보기', en: 'Show help' } } : command));
    const dispatcher = new Dispatcher(changed, core.study, silentLogger);
    for (let start = 0; start < 2; start += 1) {
      const h = await startHarness({ fake, store, core: { ...core, dispatcher } });
      await h.close();
    }
    const puts = fake.requestsTo('PUT', GUILD_ROUTE);
    expect(puts).toHaveLength(2);
    expect((puts[1]!.json as Array<{ name: string; description: string }>).find((command) => command.name === 'help')?.description).toBe('Show help');
  });

  it('GIVEN no DISCORD_GUILD_ID WHEN the bot starts THEN the commands go to the global route, tracked apart from the server registration', async () => {
    const h = await startHarness({ fake, store, guildId: null });
    const forced = await h.adapter.registerCommands(true);
    const again = await h.adapter.registerCommands();
    await h.close();
    expect(forced).toBe(true);
    expect(again).toBe(false);
    expect(fake.requestsTo('PUT', GLOBAL_ROUTE)).toHaveLength(2);
    expect(await store.get('discord', `commands-hash:${fake.bot.appId}:global`)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GIVEN npm run discord:register WHEN run against the fake THEN it registers into the server without a gateway connection and exits 0', async () => {
    const identifies = fake.identifies.length;
    const before = fake.requestsTo('PUT', GUILD_ROUTE).length;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/discord-register.ts'], {
      cwd: ROOT,
      timeout: 20_000,
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_GUILD_ID: GUILD_ID,
        LOG_LEVEL: 'warn',
        CONTENT_DIR: 'tests/fixtures/content',
      },
    });
    expect(stdout).toContain(`registered ${commands.length} commands in server ${GUILD_ID}`);
    expect(fake.requestsTo('PUT', GUILD_ROUTE)).toHaveLength(before + 1);
    expect(fake.requestsTo('GET', /^\/applications\/@me$/).length).toBeGreaterThan(0);
    expect(fake.identifies).toHaveLength(identifies);
  });
});
