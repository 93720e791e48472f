/**
 * Structured logs. stdout belongs to the console conversation, so every log line
 * goes to stderr (fd 2) unless a destination is given.
 */
import { type Logger, type LoggerOptions as PinoOptions, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** Keys whose values must never reach a log line, wherever they are nested. */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'accessToken',
  'refreshToken',
  'password',
  'secret',
  'signingSecret',
  'clientSecret',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
];

/**
 * pino's redaction matches exact paths (a wildcard stands for a whole segment),
 * so each key is listed at the depths it shows up in practice: a config object,
 * an options object inside a context, request headers inside an error.
 */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export interface LoggerOptions {
  level: string;
  pretty: boolean;
  destination?: NodeJS.WritableStream;
}

/**
 * Token-shaped text anywhere in a line, however deep redaction paths do not reach (an
 * error's cause's request headers): Slack bot, user and app tokens, and Discord bot tokens.
 */
const TOKEN_SHAPES = /\bxox[abposr]-[A-Za-z0-9-]{8,}|\bxapp-[A-Za-z0-9-]{8,}|\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}/g;

export function maskTokens(line: string): string {
  return line.replace(TOKEN_SHAPES, '[redacted]');
}

export function createLogger(options: LoggerOptions): Logger {
  const settings: PinoOptions = {
    level: options.level,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: { streamWrite: maskTokens },
  };
  if (options.pretty) {
    // Synchronous so the last lines before process.exit are not lost.
    return pino(settings, pretty({ destination: options.destination ?? 2, sync: true, colorize: !options.destination, translateTime: 'SYS:HH:MM:ss.l' }));
  }
  // Label rather than number, so `kubectl logs | grep` and log pipelines read the level directly.
  const json: PinoOptions = { ...settings, formatters: { level: (label) => ({ level: label }) } };
  return pino(json, options.destination ?? pino.destination({ dest: 2, sync: true }));
}

export { cutUserText } from '../core/log-text.ts';
