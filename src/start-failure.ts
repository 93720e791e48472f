/**
 * A bot that cannot start says so in one line and exits 1: what could not start, where
 * (host and port, never the credentials in a URL) and the code that says why. A pod in a
 * crash loop then shows its diagnosis as its last log line, not a stack trace or silence.
 */

/** One part of start-up (the store, a platform, the HTTP listener) that failed. */
export class StartupError extends Error {
  constructor(
    readonly part: string,
    readonly target: string | undefined,
    options: { cause: unknown },
  ) {
    super(startFailureLine(part, target, options.cause), options);
    this.name = 'StartupError';
  }
}

/** A start-up step that neither succeeds nor fails in time counts as failed. */
export const START_STEP_MS = 25_000;

/** Runs one start-up step; any failure, or no answer within `timeoutMs`, becomes a StartupError naming the part. */
export async function startStep<T>(part: string, target: string | undefined, step: () => Promise<T>, timeoutMs = START_STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([step(), timedOut]);
  } catch (error) {
    throw error instanceof StartupError ? error : new StartupError(part, target, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** `start-up failed: slack at 127.0.0.1:4000: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:4000)` */
export function startFailureLine(part: string, target: string | undefined, error: unknown): string {
  const where = target ? ` at ${describeTarget(target)}` : '';
  const detail = innermostMessage(error);
  const code = failureCode(error);
  const why = code && detail && detail !== code ? `${code} (${detail})` : (code ?? detail ?? 'unknown error');
  return `start-up failed: ${part}${where}: ${why}`.replace(/\s*\n\s*/g, ' ');
}

/** host:port of a URL (the scheme's default port when none is written), a sqlite file's path, or the text as given. */
export function describeTarget(target: string): string {
  if (target.startsWith('sqlite://')) return target.slice('sqlite://'.length);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return target;
  }
  if (!url.hostname) return url.protocol.replace(/:$/, '');
  const port = url.port || DEFAULT_PORTS[url.protocol] || '';
  return port ? `${url.hostname}:${port}` : url.hostname;
}

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80', 'wss:': '443', 'ws:': '80', 'redis:': '6379', 'rediss:': '6379' };

/**
 * The code that says why, from anywhere in the cause chain: a system code (ECONNREFUSED)
 * first, then a platform's own (Slack's `invalid_auth`, discord.js's `TokenInvalid`), and
 * only then a wrapper's (`store_unavailable`).
 */
export function failureCode(error: unknown): string | undefined {
  const chain = causes(error);
  const system = chain.map(codeOf).find((code) => code !== undefined && /^E[A-Z0-9_]+$/.test(code));
  if (system) return system;
  const platform = chain.map((entry) => (entry as { data?: { error?: unknown } }).data?.error).find((code) => typeof code === 'string');
  if (typeof platform === 'string') return platform;
  const codes = chain.map(codeOf).filter((code): code is string => code !== undefined && !WRAPPER_CODES.has(code));
  return codes.at(-1) ?? chain.map((entry) => (entry instanceof Error && entry.name !== 'Error' ? entry.name : undefined)).findLast(Boolean);
}

/** Codes that only say which library wrapped the real error. */
const WRAPPER_CODES = new Set(['slack_webapi_request_error', 'slack_webapi_platform_error', 'slack_webapi_http_error', 'store_unavailable', 'store_timeout']);

function codeOf(entry: unknown): string | undefined {
  const code = (entry as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code ? code : undefined;
}

function innermostMessage(error: unknown): string | undefined {
  const messages = causes(error)
    .map((entry) => (entry instanceof Error ? entry.message : typeof entry === 'string' ? entry : undefined))
    .filter((message): message is string => Boolean(message));
  return messages.at(-1);
}

/** The error, its causes and an AggregateError's members, outermost first; bounded against cycles. */
function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && seen.length < 16) {
    const entry = queue.shift();
    if (entry === undefined || entry === null || seen.includes(entry)) continue;
    seen.push(entry);
    if (entry instanceof AggregateError) queue.push(...entry.errors);
    const cause = (entry as { cause?: unknown; original?: unknown }).cause ?? (entry as { original?: unknown }).original;
    if (cause !== undefined) queue.push(cause);
  }
  return seen;
}
