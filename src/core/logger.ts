/** The slice of a structured logger the core uses (pino fits it). */
export interface CoreLogger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
  child(bindings: Record<string, unknown>): CoreLogger;
}

export const silentLogger: CoreLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
