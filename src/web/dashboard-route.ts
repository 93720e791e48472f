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
import { dashboardNotFoundPage, dashboardPage } from './dashboard-page.ts';
import { pageLocale, sendHtml } from './respond.ts';

export const DASHBOARD_PREFIX = '/c/';

export const DASHBOARD_HEADERS: Record<string, string> = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

export function dashboardRoute(deps: { study: Study; defaultLocale: Locale }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const locale = pageLocale(req, url, deps.defaultLocale);
    const token = url.pathname.slice(DASHBOARD_PREFIX.length);
    const ref = await communityOfToken(deps.study.store, token);
    if (!ref) {
      // A relative link keeps whatever path was asked without writing the token into the page.
      sendHtml(req, res, 404, dashboardNotFoundPage(locale, `?lang=${locale === 'ko' ? 'en' : 'ko'}`), DASHBOARD_HEADERS);
      return;
    }
    const asked = url.searchParams.get('period');
    const period: BoardPeriod = isBoardPeriod(asked) ? asked : 'streak';
    const data = await dashboardData(deps.study, ref, period, locale);
    sendHtml(req, res, 200, dashboardPage(data, { locale, token, period }), DASHBOARD_HEADERS);
  };
}
