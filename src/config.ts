import cron from 'node-cron';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .refine((value) => value === undefined || (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max), {
      message: `expected a whole number from ${min} to ${max}`,
    })
    .transform((value) => (value === undefined ? undefined : Number(value)));

/** Every variable the bot reads; `.env.example` documents the same list. */
export const configSchema = z
  .object({
    DISCORD_TOKEN: optionalText,
    DISCORD_GUILD_ID: optionalText,
    DISCORD_API_URL: z.string().url('expected a URL such as https://discord.com/api').default('https://discord.com/api'),
    DISCORD_SHARD_ID: integer(0, 10_000),
    DISCORD_SHARD_COUNT: integer(1, 10_000),
    SLACK_BOT_TOKEN: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_API_URL: z.string().url('expected a URL such as https://slack.com/api/').default('https://slack.com/api/'),
    STORE_URL: z
      .string()
      .default('sqlite://data/studybot.sqlite')
      .refine((value) => /^(sqlite:\/\/.+|rediss?:\/\/.+|memory:\/\/)$/.test(value), {
        message: 'expected sqlite://<path>, redis://host:port[/db] or memory://',
      }),
    STORE_TIMEOUT_MS: integer(50, 60_000).transform((value) => value ?? 2000),
    CONTENT_DIR: z.string().min(1).default('content'),
    DEFAULT_LOCALE: z.enum(['ko', 'en'], { error: () => "expected 'ko' or 'en'" }).default('ko'),
    QUIZ_CRON: z
      .string()
      .default('0 9 * * *')
      .refine((value) => [5, 6].includes(value.trim().split(/\s+/).length) && cron.validate(value), {
        error: (issue) => `'${String(issue.input)}' is not a cron expression; expected 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. '0 9 * * *'`,
      }),
    QUIZ_TIMEZONE: z
      .string()
      .default('Asia/Seoul')
      .refine(isTimeZone, { error: (issue) => `'${String(issue.input)}' is not an IANA time zone; expected e.g. 'Asia/Seoul' or 'Europe/Berlin'` }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FILE: z.string().min(1).default('data/studybot.log'),
    PORT: integer(0, 65_535).transform((value) => value ?? 3000),
    // Where people reach the web pages; set, it also puts an "open on the web" link on definitions.
    PUBLIC_URL: optionalText
      .refine((value) => value === undefined || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value), {
        message: 'expected an http(s) URL without query, such as https://study.example.org',
      })
      .transform((value) => value?.replace(/\/+$/, '')),
  })
  .superRefine((config, ctx) => {
    // Without the bot token Slack is not started at all, so a lone app token or secret would be ignored silently.
    for (const name of ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const) {
      if (config[name] && !config.SLACK_BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is set without SLACK_BOT_TOKEN; Slack needs the bot token (xoxb-…) too' });
      }
    }
    if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message: 'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is',
      });
    }
    if ((config.DISCORD_SHARD_ID === undefined) !== (config.DISCORD_SHARD_COUNT === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_COUNT'], message: 'DISCORD_SHARD_ID and DISCORD_SHARD_COUNT go together' });
    } else if (config.DISCORD_SHARD_ID !== undefined && config.DISCORD_SHARD_COUNT !== undefined && config.DISCORD_SHARD_ID >= config.DISCORD_SHARD_COUNT) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_ID'], message: 'must be less than DISCORD_SHARD_COUNT' });
    }
  });

export type Config = z.infer<typeof configSchema>;

/** The web pages' address: PUBLIC_URL, else this machine on PORT. */
export function publicUrlOf(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
}
