/**
 * Structured logs. stdout belongs to the console conversation, so every log line
 * goes to stderr (fd 2) unless a destination is given. When the console runs on a
 * terminal, stderr is the same screen: only warnings and errors go there, and the
 * full log to a file.
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
  /** The full log goes here (readable text, appended) and only warn and above to the destination. */
  file?: string;
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
  if (options.file && options.level !== 'silent') {
    const screen = pretty({ destination: options.destination ?? 2, sync: true, colorize: !options.destination, translateTime: 'SYS:HH:MM:ss.l' });
    const file = pretty({ destination: options.file, mkdir: true, append: true, sync: true, colorize: false, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l' });
    // A stream at warn on top of a logger at info: the level that passes is the higher of the two.
    return pino(settings, pino.multistream([{ level: 'warn', stream: screen }, { level: options.level as pino.Level, stream: file }]));
  }
  if (options.pretty) {
    // Synchronous so the last lines before process.exit are not lost.
    return pino(settings, pretty({ destination: options.destination ?? 2, sync: true, colorize: !options.destination, translateTime: 'SYS:HH:MM:ss.l' }));
  }
  // Label rather than number, so `kubectl logs | grep` and log pipelines read the level directly.
  const json: PinoOptions = { ...settings, formatters: { level: (label) => ({ level: label }) } };
  return pino(json, options.destination ?? pino.destination({ dest: 2, sync: true }));
}

export { cutUserText } from '../core/log-text.ts';
