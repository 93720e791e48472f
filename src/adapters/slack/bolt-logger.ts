/**
 * Bolt, the Web API client and the Socket Mode client log through @slack/logger's
 * interface (variadic strings); this puts their lines into our structured log.
 */
import { type Logger, LogLevel } from '@slack/bolt';
import type { CoreLogger } from '../../core/logger.ts';

const RANK: Record<LogLevel, number> = { [LogLevel.ERROR]: 0, [LogLevel.WARN]: 1, [LogLevel.INFO]: 2, [LogLevel.DEBUG]: 3 };

export function boltLogger(logger: CoreLogger, initial: LogLevel = LogLevel.INFO): Logger {
  let level = initial;
  let name = 'bolt';
  const emit = (at: LogLevel, parts: unknown[]) => {
    if (RANK[at] > RANK[level]) return;
    const error = parts.find((part): part is Error => part instanceof Error);
    const text = parts
      .filter((part) => !(part instanceof Error))
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    logger[at](error ? { source: name, err: error } : { source: name }, text);
  };
  return {
    debug: (...parts: unknown[]) => emit(LogLevel.DEBUG, parts),
    info: (...parts: unknown[]) => emit(LogLevel.INFO, parts),
    warn: (...parts: unknown[]) => emit(LogLevel.WARN, parts),
    error: (...parts: unknown[]) => emit(LogLevel.ERROR, parts),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
