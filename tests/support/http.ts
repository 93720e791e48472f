/** The bot's HTTP listener as tests start it: loopback, any free port, silent, always ready. */
import { createMetrics } from '../../src/http/metrics.ts';
import { type HttpServer, type HttpServerOptions, startHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log/logger.ts';

export function startLoopbackHttp(options: Partial<HttpServerOptions> = {}): Promise<HttpServer> {
  return startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent', pretty: false }),
    metrics: createMetrics(),
    readiness: async () => ({ ready: true, reasons: [] }),
    ...options,
  });
}
