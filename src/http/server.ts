/**
 * The one HTTP listener: liveness, readiness and metrics for the orchestrator, plus
 * whatever an adapter mounts (Slack's HTTP mode). Plain node:http, so the Slack
 * receiver gets the untouched request stream it needs to check signatures.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from './metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Readiness {
  ready: boolean;
  reasons: string[];
}

export interface HttpServerOptions {
  port: number;
  /** Omit to listen on every interface (a container must answer its probes from outside). */
  host?: string;
  logger: Logger;
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
  /** A readiness check that hangs (a store that stopped answering) counts as not ready after this long. */
  readinessTimeoutMs?: number;
  /** How long close() lets requests in progress finish before cutting their connections. */
  closeGraceMs?: number;
}

export interface HttpServer {
  /** The bound port, so port 0 (any free port) can be used. */
  readonly port: number;
  mount(method: string, path: string, handler: RouteHandler): void;
  /**
   * Serves every path under `prefix` (which ends in `/`, e.g. `/glossary/`); the longest
   * matching prefix wins. Exact paths are looked up first, so /healthz stays one map lookup.
   */
  mountPrefix(method: string, prefix: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { logger, metrics } = options;
  const routes = new Map<string, RouteHandler>();
  // Few enough (a page family each) that a scan, longest first, beats anything cleverer.
  const prefixes: { method: string; prefix: string; handler: RouteHandler }[] = [];
  const byPrefix = (method: string, path: string) => prefixes.find((route) => route.method === method && path.startsWith(route.prefix))?.handler;
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

  routes.set(key('GET', '/healthz'), (_req, res) => sendJson(res, 200, { status: 'ok' }));
  routes.set(key('GET', '/readyz'), async (_req, res) => {
    const readiness = await checkReadiness(options.readiness, options.readinessTimeoutMs ?? 2500);
    if (readiness.ready) sendJson(res, 200, { status: 'ready' });
    else sendJson(res, 503, { status: 'not ready', reasons: readiness.reasons });
  });
  routes.set(key('GET', '/metrics'), async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(text);
  });

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = pathOf(req.url);
    // The request line is followed only when it will be logged: at info level the listener and
    // its closure were work on every request for a line that is then dropped.
    if (logger.isLevelEnabled('debug')) {
      const started = performance.now();
      // Only the path is logged: a query string is the caller's and may carry anything.
      res.on('finish', () => logger.debug({ method, path: loggedPath(path), status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http request'));
    }
    // HEAD gets the GET answer; node drops the body.
    const handler =
      routes.get(key(method, path)) ??
      (method === 'HEAD' ? routes.get(key('GET', path)) : undefined) ??
      byPrefix(method.toUpperCase(), path) ??
      (method === 'HEAD' ? byPrefix('GET', path) : undefined);
    if (!handler) {
      sendJson(res, 404, { status: 'not found' });
      return;
    }
    const failed = (error: unknown) => {
      logger.error({ err: error, method, path: loggedPath(path) }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { status: 'error' });
      else res.destroy();
    };
    // A page from the cache answers synchronously; only a handler that returns a promise is awaited.
    try {
      const pending = handler(req, res);
      if (pending) pending.catch(failed);
    } catch (error) {
      failed(error);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, ...(options.host ? { host: options.host } : {}) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'http server error'));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: options.host ?? 'all interfaces' }, 'http listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    mount(method, path, handler) {
      const route = key(method, path);
      if (routes.has(route)) throw new Error(`http route ${route} is already mounted`);
      routes.set(route, handler);
    },
    mountPrefix(method, prefix, handler) {
      if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`http prefix ${prefix} must start and end with /`);
      const upper = method.toUpperCase();
      if (prefixes.some((route) => route.method === upper && route.prefix === prefix)) throw new Error(`http prefix ${upper} ${prefix} is already mounted`);
      prefixes.push({ method: upper, prefix, handler });
      prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 5000);
        force.unref();
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive connections (a Prometheus scraper) would otherwise hold close() open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

async function checkReadiness(readiness: () => Promise<Readiness>, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reasons: [`readiness check took longer than ${timeoutMs} ms`] }), timeoutMs);
  });
  try {
    return await Promise.race([readiness(), timeout]);
  } catch (error) {
    return { ready: false, reasons: [`readiness check failed: ${error instanceof Error ? error.message : String(error)}`] };
  } finally {
    clearTimeout(timer);
  }
}

/** A dashboard's token is its whole secret: logs name the route, never the token. */
export function loggedPath(path: string): string {
  return path.startsWith('/c/') ? '/c/…' : path;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}
