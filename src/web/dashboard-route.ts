/**
 * `GET /c/<token>`: a community's dashboard, or one 404 for every token that opens nothing
 * (malformed, unknown, revoked) — the same status, headers and bytes, so a guess learns nothing.
 * The token is in the address: `Referrer-Policy: no-referrer` keeps it from leaving with a
 * click, `no-store` out of shared caches, and `noindex` out of search engines.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { communityOfToken } from '../core/dashboard-link.ts';
import { type BoardPeriod, dashboardData, isBoardPeriod } from '../core/dashboard-data.ts';
import type { Locale } from '../core/i18n.ts';
import type { Study } from '../core/study.ts';
import type { HttpServer } from '../http/server.ts';
import { DASHBOARD_CSS, DASHBOARD_CSS_PATH } from './dashboard-css.ts';
import { dashboardNotFoundPage, dashboardPage } from './dashboard-page.ts';
import { type PreparedBody, pageLocale, prepareHtml, sendBody } from './respond.ts';

export const DASHBOARD_PREFIX = '/c/';

export const DASHBOARD_HEADERS: Record<string, string> = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

/**
 * Requests for the same page that arrive while it is being read and drawn share that one
 * reading (as the answer applier's group commit does for writes): fifty viewers of a busy
 * community cost one set of reads, and each still gets data read after it arrived or while it
 * waited. Nothing is kept once the page is sent, so there is no staleness to bound.
 */
class PageFlights {
  private readonly flights = new Map<string, Promise<PreparedBody>>();

  draw(key: string, work: () => Promise<PreparedBody>): Promise<PreparedBody> {
    const running = this.flights.get(key);
    if (running) return running;
    const flight = work().finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }
}

export function dashboardRoute(deps: { study: Study; defaultLocale: Locale }) {
  const flights = new PageFlights();
  // The 404 is the same bytes for every token that opens nothing: made once per language.
  const notFound = new Map<Locale, PreparedBody>();
  const notFoundIn = (locale: Locale) => {
    let page = notFound.get(locale);
    if (!page) {
      page = prepareHtml(404, dashboardNotFoundPage(locale, `?lang=${locale === 'ko' ? 'en' : 'ko'}`), DASHBOARD_HEADERS);
      notFound.set(locale, page);
    }
    return page;
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const locale = pageLocale(req, url, deps.defaultLocale);
    const token = url.pathname.slice(DASHBOARD_PREFIX.length);
    const ref = await communityOfToken(deps.study.store, token);
    if (!ref) {
      // A relative link keeps whatever path was asked without writing the token into the page.
      notFoundIn(locale).send(req, res);
      return;
    }
    const asked = url.searchParams.get('period');
    const period: BoardPeriod = isBoardPeriod(asked) ? asked : 'streak';
    // The token is part of the key: the page's links carry it, and a reset must not hand out the old one's.
    const key = JSON.stringify([ref.platform, ref.community, token, period, locale]);
    // Drawn, and compressed per coding, once for everyone sharing the flight.
    const prepared = await flights.draw(key, async () =>
      prepareHtml(200, dashboardPage(await dashboardData(deps.study, ref, period, locale), { locale, token, period }), DASHBOARD_HEADERS),
    );
    prepared.send(req, res);
  };
}

const stylesheet = Buffer.from(DASHBOARD_CSS, 'utf8');

/** The dashboard's route and its stylesheet, mounted by mountWeb in one line. */
export function mountDashboard(server: HttpServer, deps: { study: Study; defaultLocale: Locale }): void {
  server.mount('GET', DASHBOARD_CSS_PATH, (req, res) =>
    sendBody(req, res, 200, stylesheet, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  server.mountPrefix('GET', DASHBOARD_PREFIX, dashboardRoute(deps));
}
