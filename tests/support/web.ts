/**
 * The web pages on a real HTTP server (loopback, any free port) over a real study, and a
 * raw GET that shows the bytes and headers as sent (fetch would undo the compression).
 */
import { request } from 'node:http';
import type { HttpServer } from '../../src/http/server.ts';
import type { Locale } from '../../src/core/i18n.ts';
import { mountWeb, type WebDeps } from '../../src/web/web-routes.ts';
import { SHIPPED_CONTENT, type TestStudy, testStudy } from './study.ts';
import { startLoopbackHttp } from './http.ts';

export interface WebSite {
  server: HttpServer;
  studied: TestStudy;
  base: string;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startWebSite(
  options: { contentDir?: string; defaultLocale?: Locale; studied?: TestStudy; mount?: (server: HttpServer, deps: WebDeps) => void } = {},
): Promise<WebSite> {
  const studied = options.studied ?? (await testStudy({ contentDir: options.contentDir ?? SHIPPED_CONTENT }));
  const server = await startLoopbackHttp();
  const base = `http://127.0.0.1:${server.port}`;
  const deps: WebDeps = { study: studied.study, defaultLocale: options.defaultLocale ?? 'ko', publicUrl: base };
  mountWeb(server, deps);
  options.mount?.(server, deps);
  return {
    server,
    studied,
    base,
    url: (path) => `${base}${path}`,
    async close() {
      await server.close();
      await studied.store.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it came over the wire (still compressed, if it was). */
  body: Buffer;
}

export function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} took longer than 10 s`)));
    req.on('error', reject);
    req.end();
  });
}
