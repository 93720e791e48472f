/**
 * One Discord client in a process of its own, for the memory figure in bench/discord.ts:
 * `node --expose-gc --import tsx bench/discord-memory-child.ts ours|default`. It logs in to
 * DISCORD_API_URL, waits for READY and every GUILD_CREATE, prints one JSON line of
 * figures and then waits to be killed.
 */
import { Client, GatewayIntentBits } from 'discord.js';
import { DiscordAdapter } from '../src/adapters/discord/discord-adapter.ts';
import { silentLogger } from '../src/core/logger.ts';
import { testStudy } from '../tests/support/study.ts';

const which = process.argv[2];
const apiUrl = process.env.DISCORD_API_URL ?? '';
const token = process.env.DISCORD_TOKEN ?? '';

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage();
}

async function measure(): Promise<void> {
  let start: () => Promise<void>;
  let counts: () => Record<string, number>;
  if (which === 'ours') {
    const core = await testStudy();
    const adapter = new DiscordAdapter({ token, apiUrl, dispatcher: core.dispatcher, store: core.store, logger: silentLogger, defaultLocale: 'ko' });
    // The adapter's client is private; the figures that matter are the process's.
    start = () => adapter.start();
    counts = () => ({});
  } else if (which === 'default') {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
    start = async () => {
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(token);
      await ready;
    };
    counts = () => ({
      guilds: client.guilds.cache.size,
      users: client.users.cache.size,
      members: client.guilds.cache.reduce((sum, guild) => sum + guild.members.cache.size, 0),
      channels: client.channels.cache.size,
    });
  } else {
    throw new Error(`expected "ours" or "default", got ${which}`);
  }
  const before = settle();
  const started = performance.now();
  await start();
  const readyMs = performance.now() - started;
  const after = settle();
  process.stdout.write(
    `${JSON.stringify({ which, readyMs, rss: after.rss, heapUsed: after.heapUsed, heapDelta: after.heapUsed - before.heapUsed, rssDelta: after.rss - before.rss, ...counts() })}\n`,
  );
}

measure().catch((error: unknown) => {
  process.stderr.write(`memory child ${which}: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
