/**
 * The real SlackAdapter starting against a Slack it cannot use: nothing listening, a
 * rejected bot token, a rejected app token. Start-up fails fast, with the code that says why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/adapters/slack/slack-adapter.ts';
import { startFailureLine } from '../../../src/start-failure.ts';
import { FakeSlack } from '../../fakes/fake-slack.ts';
import { testStudy } from '../../support/study.ts';
import { freePort } from '../../support/redis.ts';
import { failure } from '../../support/failure.ts';
import { type LogLine, recordingLogger } from './harness.ts';

/** A loopback port that was bound a moment ago and is closed now: connecting to it is refused. */
const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function adapter(options: { apiUrl: string; botToken: string; appToken?: string; logs: LogLine[] }): Promise<SlackAdapter> {
  const core = await testStudy();
  const built = new SlackAdapter({
    botToken: options.botToken,
    ...(options.appToken ? { appToken: options.appToken } : { signingSecret: 'secret' }),
    apiUrl: options.apiUrl,
    dispatcher: core.dispatcher,
    store: core.store,
    logger: recordingLogger(options.logs),
    defaultLocale: 'en',
    port: 0,
  });
  stops.push(() => built.stop());
  return built;
}

describe('Slack start-up against a Slack it cannot use', () => {
  it.each(['http', 'socket'] as const)(
    'GIVEN SLACK_API_URL where nothing listens (%s mode) WHEN the adapter starts THEN it fails within 10 s with ECONNREFUSED AND logs no retries',
    async (mode) => {
      const port = await freePort();
      const logs: LogLine[] = [];
      const apiUrl = `http://127.0.0.1:${port}/api/`;
      const slack = await adapter({ apiUrl, botToken: 'xoxb-1', ...(mode === 'socket' ? { appToken: 'xapp-1' } : {}), logs });
      const { error, ms } = await failure(slack.start());
      expect(error).toBeDefined();
      expect(ms).toBeLessThan(10_000);
      expect(startFailureLine('slack', apiUrl, error)).toMatch(new RegExp(`^start-up failed: slack at 127\\.0\\.0\\.1:${port}: ECONNREFUSED \\(`));
      expect(logs.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
      expect(slack.isReady()).toBe(false);
    },
    20_000,
  );

  it('GIVEN a bot token Slack rejects WHEN the adapter starts THEN it fails with invalid_auth', async () => {
    const fake = await FakeSlack.start();
    stops.push(() => fake.close());
    const slack = await adapter({ apiUrl: fake.apiUrl, botToken: 'xoxb-wrong', logs: [] });
    const { error, ms } = await failure(slack.start());
    expect(ms).toBeLessThan(5000);
    expect(startFailureLine('slack', fake.apiUrl, error)).toMatch(new RegExp(`^start-up failed: slack at 127\\.0\\.0\\.1:${fake.port}: invalid_auth\\b`));
  });

  it('GIVEN an app token Slack rejects (Socket Mode) WHEN the adapter starts THEN it fails with invalid_auth', async () => {
    const fake = await FakeSlack.start();
    stops.push(() => fake.close());
    const slack = await adapter({ apiUrl: fake.apiUrl, botToken: fake.botToken, appToken: 'xapp-wrong', logs: [] });
    const { error, ms } = await failure(slack.start());
    expect(ms).toBeLessThan(5000);
    expect(startFailureLine('slack', fake.apiUrl, error)).toMatch(/: invalid_auth\b/);
  }, 20_000);
});
