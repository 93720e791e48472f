/**
 * Composition root: config → logger → content → store → core → adapters → schedule,
 * and the shutdown that unwinds them in reverse.
 */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { commands } from '../commands/index.ts';
import type { Adapter } from './adapters/adapter.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';
import { ConfigError, type Config, loadConfig, publicUrlOf } from './config.ts';
import { ContentError, loadContent } from './content/loader.ts';
import { systemClock } from './core/clock.ts';
import { createStudy } from './core/create-study.ts';
import { Dispatcher } from './core/dispatcher.ts';
import type { Platform } from './core/request.ts';
import { createMetrics } from './http/metrics.ts';
import { type HttpServer, startHttpServer } from './http/server.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { cronSchedule } from './schedule/cron-schedule.ts';
import { runRound } from './schedule/round-job.ts';
import { startCommunitySchedules } from './schedule/community-schedules.ts';
import { InFlight, installShutdown } from './shutdown.ts';
import { StartupError, startStep } from './start-failure.ts';
import { startConsoleWeb } from './web/console-web.ts';
import { mountWeb } from './web/web-routes.ts';
import { createStore } from './store/keyv-store.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) dotenv.config({ quiet: true });
  const config = readConfigOrExit();
  const platformMode = Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN);
  // The console on a terminal shares the screen with stderr: there the full log goes to a
  // file, which the banner (shown when input is a terminal) names. Redirected, stderr keeps it.
  const onTerminal = process.stdin.isTTY && process.stdout.isTTY && process.stderr.isTTY;
  const logFile = !platformMode && onTerminal ? config.LOG_FILE : undefined;
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: Boolean(process.stderr.isTTY), ...(logFile ? { file: logFile } : {}) });

  let content: Awaited<ReturnType<typeof loadContent>>;
  try {
    content = await loadContent(config.CONTENT_DIR, 'CONTENT_DIR');
  } catch (error) {
    if (error instanceof ContentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const storeLogger = logger.child({ part: 'store' });
  // Any failure to open it (an unreachable Redis among them) is one start-up failure line.
  const store = await startStep('store', config.STORE_URL, () =>
    createStore(config.STORE_URL, {
      timeoutMs: config.STORE_TIMEOUT_MS,
      // One line when an outage starts and one when it ends, however many requests it cost.
      onHealthChange: (health, failed) => {
        if (health.up) storeLogger.info({ failedRequests: failed }, 'store answering again');
        else storeLogger.error({ reason: health.reason }, 'store unavailable; requests get a short apology until it answers again');
      },
    }),
  );
  const clock = systemClock;
  const schedule = cronSchedule(config.QUIZ_CRON, config.QUIZ_TIMEZONE);
  const study = createStudy({
    content,
    store,
    clock,
    schedule,
    defaultLocale: config.DEFAULT_LOCALE,
    web: { publicUrl: publicUrlOf(config), linkDefinitions: config.PUBLIC_URL !== undefined },
  });
  const metrics = createMetrics();
  const dispatcher = new Dispatcher(commands, study, logger.child({ part: 'core' }), metrics);
  const inFlight = new InFlight();
  // Answers written just before a crash may not have been counted yet: count them before anything new comes in.
  // Subscriptions of earlier versions sat in one shared record: move them to their communities.
  await study.subscriptions.upgrade();
  await study.rounds.recoverAll(await study.communities.all());

  const adapters: Partial<Record<Platform, Adapter>> = {};
  let http: HttpServer | undefined;
  // Readiness waits for every platform the configuration asks for, not just those built so far.
  const expected: Platform[] = [...(config.DISCORD_TOKEN ? (['discord'] as const) : []), ...(config.SLACK_BOT_TOKEN ? (['slack'] as const) : [])];
  let stopping = false;
  const readiness = async () => {
    const reasons: string[] = [];
    const health = store.health;
    if (!health.up) reasons.push(`store: ${health.reason ?? 'unavailable'}`);
    else {
      try {
        await store.ping();
      } catch (error) {
        reasons.push(`store: ${(error as Error).message}`);
      }
    }
    for (const platform of expected) {
      const adapter = adapters[platform];
      if (!adapter) reasons.push(`${platform}: not started`);
      else if (!adapter.isReady()) reasons.push(`${platform}: ${adapter.notReadyReason?.() || 'not connected'}`);
    }
    if (stopping) reasons.push('shutting down');
    return { ready: reasons.length === 0, reasons };
  };
  const httpOptions = { port: config.PORT, logger: logger.child({ part: 'http' }), metrics, readiness };
  const web = { study, defaultLocale: config.DEFAULT_LOCALE, publicUrl: publicUrlOf(config) };
  if (platformMode) {
    http = await startHttpServer(httpOptions).catch((error: unknown) => {
      throw new StartupError('http', `port ${config.PORT}`, { cause: error });
    });
    mountWeb(http, web);
    if (config.DISCORD_TOKEN) adapters.discord = await discordAdapter(config, config.DISCORD_TOKEN, dispatcher, store, logger, metrics);
    if (config.SLACK_BOT_TOKEN) adapters.slack = await slackAdapter(config, config.SLACK_BOT_TOKEN, dispatcher, store, logger, metrics, http);
  }
  // The console serves the same pages, so a newcomer sees them with no tokens; a taken port only costs the pages.
  const consoleWeb = platformMode ? undefined : await startConsoleWeb({ http: httpOptions, web, config, onTerminal: Boolean(onTerminal) });
  if (consoleWeb) http = consoleWeb.http;
  const consoleAdapter = platformMode
    ? undefined
    : new ConsoleAdapter({
        dispatcher,
        locale: config.DEFAULT_LOCALE,
        logger: logger.child({ part: 'console' }),
        ...(logFile ? { logFile } : {}),
        ...(consoleWeb ? { webUrl: consoleWeb.url } : {}),
      });
  if (consoleAdapter) adapters.console = consoleAdapter;

  const apiUrls: Partial<Record<Platform, string>> = { discord: config.DISCORD_API_URL, slack: config.SLACK_API_URL };
  for (const adapter of Object.values(adapters)) await startStep(adapter.platform, apiUrls[adapter.platform], () => adapter.start());
  logger.info({ adapters: Object.keys(adapters), store: store.kind, terms: content.glossary.length, questions: content.trivia.length }, 'study bot started');

  const daily = startCommunitySchedules({
    communities: study.communities,
    clock,
    store,
    logger: logger.child({ part: 'schedule' }),
    distributed: store.kind === 'redis',
    job: (scheduleKey, firing, signal) =>
      inFlight.track(
        runRound(firing, { study, adapters, scheduleKey, logger: logger.child({ part: 'round' }), signal, onPosted: (platform) => metrics.roundPosted(platform) }),
      ),
  });

  const { shutdown } = installShutdown({
    logger,
    steps: [
      // Readiness fails first, so a load balancer stops sending work while the rest winds down.
      {
        name: 'readiness',
        run: async () => {
          stopping = true;
        },
      },
      { name: 'schedule', run: () => daily.stop() },
      { name: 'in-flight work', run: async () => void (await inFlight.drain(2000)) },
      ...Object.values(adapters).map((adapter) => ({ name: `${adapter.platform} adapter`, run: () => adapter.stop() })),
      ...(http ? [{ name: 'http', run: () => http!.close() }] : []),
      { name: 'store', run: () => store.close() },
    ],
  });

  // Ctrl+D, Ctrl+C, /quit or the end of piped input end the bot with the console; piped
  // input first lets a round under way finish, as a script would.
  if (consoleAdapter && (await consoleAdapter.finished()) === 'input') {
    if (!process.stdin.isTTY) await daily.idle();
    await shutdown('end of input');
  }
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function discordAdapter(config: Config, token: string, dispatcher: Dispatcher, store: Awaited<ReturnType<typeof createStore>>, logger: Logger, metrics: ReturnType<typeof createMetrics>): Promise<Adapter> {
  const { DiscordAdapter } = await import('./adapters/discord/discord-adapter.ts');
  return new DiscordAdapter({
    token,
    apiUrl: config.DISCORD_API_URL,
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    ...(config.DISCORD_SHARD_ID !== undefined && config.DISCORD_SHARD_COUNT !== undefined ? { shard: { id: config.DISCORD_SHARD_ID, count: config.DISCORD_SHARD_COUNT } } : {}),
    dispatcher,
    store,
    logger: logger.child({ part: 'discord' }),
    defaultLocale: config.DEFAULT_LOCALE,
    onReconnect: () => metrics.adapterReconnect('discord'),
  });
}

async function slackAdapter(config: Config, botToken: string, dispatcher: Dispatcher, store: Awaited<ReturnType<typeof createStore>>, logger: Logger, metrics: ReturnType<typeof createMetrics>, http: HttpServer | undefined): Promise<Adapter> {
  const { SlackAdapter } = await import('./adapters/slack/slack-adapter.ts');
  return new SlackAdapter({
    botToken,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    apiUrl: config.SLACK_API_URL,
    dispatcher,
    store,
    logger: logger.child({ part: 'slack' }),
    defaultLocale: config.DEFAULT_LOCALE,
    ...(http ? { http } : {}),
    port: config.PORT,
    onReconnect: () => metrics.adapterReconnect('slack'),
  });
}

main().catch((error: unknown) => {
  // What could not start, where and why, in one line: the stack would only point at our own start-up code.
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`fatal: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
