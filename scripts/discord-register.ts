/**
 * `npm run discord:register`: registers the slash commands now, whether or not they
 * changed: into DISCORD_GUILD_ID when set (instant), else globally. Reads the same
 * environment as the bot (DISCORD_TOKEN, DISCORD_API_URL, DISCORD_GUILD_ID) and needs
 * no gateway connection, so it also works while the bot is running elsewhere.
 */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { commands } from '../commands/index.ts';
import { DiscordAdapter } from '../src/adapters/discord/discord-adapter.ts';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/loader.ts';
import { systemClock } from '../src/core/clock.ts';
import { createStudy } from '../src/core/create-study.ts';
import { Dispatcher } from '../src/core/dispatcher.ts';
import { createLogger } from '../src/log/logger.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { createStore } from '../src/store/keyv-store.ts';

async function register(): Promise<void> {
  if (existsSync('.env')) dotenv.config({ quiet: true });
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set; it is the bot token from the Discord developer portal');
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: Boolean(process.stderr.isTTY) });
  // The dispatcher carries the registry; a memory store keeps this run apart from the bot's own records.
  const store = await createStore('memory://');
  const study = createStudy({
    content: await loadContent(config.CONTENT_DIR, 'CONTENT_DIR'),
    store,
    clock: systemClock,
    schedule: cronSchedule(config.QUIZ_CRON, config.QUIZ_TIMEZONE),
    defaultLocale: config.DEFAULT_LOCALE,
  });
  const adapter = new DiscordAdapter({
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    dispatcher: new Dispatcher(commands, study, logger),
    store,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
  });
  try {
    await adapter.registerCommands(true);
    console.log(`registered ${commands.length} commands ${config.DISCORD_GUILD_ID ? `in server ${config.DISCORD_GUILD_ID}` : 'globally'}`);
  } finally {
    await adapter.stop();
    await store.close();
  }
}

register().catch((error: unknown) => {
  console.error(`discord:register: ${(error as Error).message}`);
  process.exit(1);
});
