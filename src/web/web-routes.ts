/**
 * The web pages on the one HTTP listener: the glossary (and, mounted beside it, the
 * community dashboard). Pages are plain server-rendered HTML that work with JS off.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../core/i18n.ts';
import type { Study } from '../core/study.ts';
import type { HttpServer } from '../http/server.ts';
import type { Logger } from '../log/logger.ts';
import { mountDashboard } from './dashboard-route.ts';
import { glossaryEntryPage, glossaryIndexPage } from './glossary-pages.ts';
import { ICON_PATH, STYLESHEET_PATH } from './layout.ts';
import { LRUCache } from 'lru-cache';
import type { Html } from './html.ts';
import { pageLocale, prepareHtml, type PreparedBody, sendBody } from './respond.ts';
import { SITE_CSS, SITE_ICON } from './site-css.ts';

export interface WebDeps {
  study: Study;
  defaultLocale: Locale;
  /** Where people reach these pages, without a trailing slash (links in chat point here). */
  publicUrl: string;
  logger?: Logger;
}

const stylesheet = Buffer.from(SITE_CSS, 'utf8');
const icon = Buffer.from(SITE_ICON, 'utf8');

/** The request URL parsed against a fixed origin: only path and query matter, never the Host header. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}

/**
 * Rendered glossary pages by language and input. The content never changes while the bot
 * runs, so a page is rendered and compressed once; the LRU bounds what typed searches and
 * unknown ids can make it hold.
 */
function pageCache() {
  return new LRUCache<string, PreparedBody>({ max: 2000, maxSize: 64 * 1024 * 1024, sizeCalculation: (page) => page.size + 1 });
}

export function mountWeb(server: HttpServer, deps: WebDeps): void {
  const pages = pageCache();
  const cached = (req: IncomingMessage, res: ServerResponse, key: string, render: () => { status: number; document: Html }, locale: Locale) => {
    let page = pages.get(key);
    if (!page) {
      const { status, document } = render();
      page = prepareHtml(status, document, { 'content-language': locale });
      pages.set(key, page);
    }
    page.send(req, res);
  };
  server.mount('GET', STYLESHEET_PATH, (req, res) =>
    sendBody(req, res, 200, stylesheet, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  server.mount('GET', ICON_PATH, (req, res) => sendBody(req, res, 200, icon, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
  // Some clients ask for it whatever the page links; nothing is a quieter answer than a 404.
  server.mount('GET', '/favicon.ico', (_req, res) => {
    res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
    res.end();
  });
  server.mount('GET', '/', (req, res) => {
    // The glossary is the site's front page; a redirect keeps one address for it.
    const lang = requestUrl(req).searchParams.get('lang');
    redirect(res, lang === 'ko' || lang === 'en' ? `/glossary?lang=${lang}` : '/glossary');
  });
  server.mount('GET', '/glossary', (req, res) => {
    const url = requestUrl(req);
    const locale = pageLocale(req, url, deps.defaultLocale);
    const query = url.searchParams.get('q') ?? '';
    cached(req, res, `index ${locale} ${query}`, () => glossaryIndexPage(deps.study, locale, query), locale);
  });
  server.mount('GET', '/glossary/', (_req, res) => redirect(res, '/glossary'));
  server.mountPrefix('GET', '/glossary/', (req, res) => {
    const url = requestUrl(req);
    const locale = pageLocale(req, url, deps.defaultLocale);
    const id = safeDecode(url.pathname.slice('/glossary/'.length));
    cached(req, res, `entry ${locale} ${id}`, () => glossaryEntryPage(deps.study, locale, id), locale);
  });
  mountDashboard(server, deps);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': '0', 'cache-control': 'no-cache' });
  res.end();
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
