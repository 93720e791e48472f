import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('GIVEN no variables THEN the defaults are the documented ones', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      STORE_URL: 'sqlite://data/studybot.sqlite',
      CONTENT_DIR: 'content',
      DEFAULT_LOCALE: 'ko',
      QUIZ_CRON: '0 9 * * *',
      QUIZ_TIMEZONE: 'Asia/Seoul',
      LOG_LEVEL: 'info',
      PORT: 3000,
      DISCORD_API_URL: 'https://discord.com/api',
      SLACK_API_URL: 'https://slack.com/api/',
    });
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it.each([
    [{ QUIZ_CRON: 'every morning' }, "QUIZ_CRON: 'every morning' is not a cron expression; expected 5 fields"],
    [{ QUIZ_CRON: '0 0 9 * * * *' }, 'QUIZ_CRON'],
    [{ QUIZ_TIMEZONE: 'Mars/Olympus' }, "QUIZ_TIMEZONE: 'Mars/Olympus' is not an IANA time zone"],
    [{ DEFAULT_LOCALE: 'fr' }, "DEFAULT_LOCALE: expected 'ko' or 'en'"],
    [{ PORT: 'eighty' }, 'PORT: expected a whole number from 0 to 65535'],
    [{ STORE_URL: 'mysql://x' }, 'STORE_URL: expected sqlite://<path>'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_APP_TOKEN: SLACK_BOT_TOKEN is set but neither'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_APP_TOKEN: is set without SLACK_BOT_TOKEN'],
    [{ SLACK_SIGNING_SECRET: 'secret' }, 'SLACK_SIGNING_SECRET: is set without SLACK_BOT_TOKEN'],
    [{ DISCORD_SHARD_ID: '1' }, 'DISCORD_SHARD_COUNT: DISCORD_SHARD_ID and DISCORD_SHARD_COUNT go together'],
    [{ DISCORD_SHARD_ID: '2', DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARD_ID: must be less than DISCORD_SHARD_COUNT'],
  ])('GIVEN %j THEN start-up fails naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('GIVEN a 6-field cron with seconds THEN it is accepted', () => {
    expect(loadConfig({ QUIZ_CRON: '*/10 * * * * *' }).QUIZ_CRON).toBe('*/10 * * * * *');
  });

  it('GIVEN .env.example THEN it lists exactly the variables the bot reads', () => {
    const documented = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]);
    expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
