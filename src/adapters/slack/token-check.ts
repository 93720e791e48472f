/**
 * auth.test before Bolt starts, on a client that gives up: the app's own client retries a
 * refused connection for about half an hour, which at start-up looks like a bot that hangs
 * and logs `fetch failed` now and then. A bad token or an unreachable API fails start-up.
 */
import { LogLevel, webApi } from '@slack/bolt';
import type { CoreLogger } from '../../core/logger.ts';
import { boltLogger } from './bolt-logger.ts';

/** Three tries, five seconds each at most: well inside the 30 s a start may take. */
const CHECK = { timeoutMs: 5000, retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 } };

export async function checkBotToken(botToken: string, apiUrl: string, logger: CoreLogger): Promise<void> {
  // Errors only: the failure itself is reported once, by whoever started us.
  const client = new webApi.WebClient(botToken, {
    slackApiUrl: apiUrl,
    logger: boltLogger(logger, LogLevel.ERROR),
    timeout: CHECK.timeoutMs,
    retryConfig: CHECK.retryConfig,
  });
  await client.auth.test();
}
