/**
 * The document around every page. No inline style or script, so the CSP can stay strict:
 * the stylesheet is a file the server serves itself.
 */
import { type Locale, t } from '../core/i18n.ts';
import { type Html, html } from './html.ts';

export const STYLESHEET_PATH = '/assets/site.css';
export const ICON_PATH = '/assets/icon.svg';

export interface PageOptions {
  locale: Locale;
  title: string;
  body: Html;
  /** The same page in the other language (a `?lang=` link keeps the choice across navigation). */
  otherLanguageHref: string;
}

export function page(options: PageOptions): Html {
  const { locale, title, body, otherLanguageHref } = options;
  const other: Locale = locale === 'ko' ? 'en' : 'ko';
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(locale, 'web.siteName')}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="${ICON_PATH}" type="image/svg+xml">
</head>
<body>
<header class="site">
<nav aria-label="${t(locale, 'web.navLabel')}">
<a class="home" href="/glossary?lang=${locale}">${t(locale, 'web.navGlossary')}</a>
<a class="lang" href="${otherLanguageHref}" hreflang="${other}" lang="${other}">${t(other, 'web.otherLanguage')}</a>
</nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}
