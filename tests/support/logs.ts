import type { CoreLogger } from '../../src/core/logger.ts';

export interface LogLine {
  level: string;
  object: Record<string, unknown>;
  message: string | undefined;
}

/** A core logger that keeps every line, with its child bindings, for a test to read. */
export function recordingLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): CoreLogger {
  const at = (level: string) => (object: object, message?: string) => void lines.push({ level, object: { ...bindings, ...object }, message });
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (more) => recordingLogger(lines, { ...bindings, ...more }) };
}
