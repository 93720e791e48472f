/**
 * The web pages in console mode: the same server and pages as with a platform, so a
 * newcomer with no tokens can browse them. A port another program holds is not fatal here:
 * the console is the point of console mode, so it runs on and says why there are no pages.
 */
import type { Config } from '../config.ts';
import { t } from '../core/i18n.ts';
import { plainText } from '../core/reply.ts';
import { type HttpServer, type HttpServerOptions, startHttpServer } from '../http/server.ts';
import { mountWeb, type WebDeps } from './web-routes.ts';

export interface ConsoleWeb {
  http: HttpServer;
  /** The glossary's address, for the banner. */
  url: string;
}

export async function startConsoleWeb(options: {
  http: HttpServerOptions;
  web: WebDeps;
  config: Pick<Config, 'PUBLIC_URL' | 'PORT' | 'DEFAULT_LOCALE'>;
  /** On a terminal the banner names the address; stderr would only say it twice on the same screen. */
  onTerminal: boolean;
  stderr?: NodeJS.WritableStream;
}): Promise<ConsoleWeb | undefined> {
  const { config } = options;
  const stderr = options.stderr ?? process.stderr;
  const locale = config.DEFAULT_LOCALE;
  let http: HttpServer;
  try {
    // Loopback only unless PUBLIC_URL says the pages are meant to be reached from elsewhere:
    // a laptop on a café network should not serve them to the room.
    http = await startHttpServer({ ...options.http, ...(config.PUBLIC_URL ? {} : { host: '127.0.0.1' }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? t(locale, 'web.portTaken', { port: config.PORT })
        : `${t(locale, 'web.portFailed', { port: config.PORT })} (${code ?? (error as Error).message})`;
    stderr.write(`${plainText(reason)}\n`);
    return undefined;
  }
  // PORT=0 picks a free port: name the one actually bound.
  const base = config.PUBLIC_URL ?? `http://localhost:${http.port}`;
  mountWeb(http, { ...options.web, publicUrl: base });
  const url = `${base}/glossary`;
  if (!options.onTerminal) stderr.write(`${plainText(t(locale, 'web.consoleUrl', { url }))}\n`);
  return { http, url };
}
