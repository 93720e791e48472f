/**
 * The glossary pages: every term by chapter and section, the search the chat `/define`
 * uses, and one page per entry. Pure functions of (study, locale, input) → status + document.
 */
import { chapterIdOf } from '../content/book.ts';
import type { GlossaryEntry } from '../content/schema.ts';
import { type Locale, t } from '../core/i18n.ts';
import type { Study } from '../core/study.ts';
import { type Html, html } from './html.ts';
import { page } from './layout.ts';

export interface PageResult {
  status: number;
  document: Html;
}

const otherOf = (locale: Locale): Locale => (locale === 'ko' ? 'en' : 'ko');

/** The same path and query in the other language. */
function otherLanguageHref(path: string, locale: Locale, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...params, lang: otherOf(locale) });
  return `${path}?${query}`;
}

export function entryHref(id: string, locale: Locale): string {
  return `/glossary/${encodeURIComponent(id)}?lang=${locale}`;
}

function searchForm(locale: Locale, query: string): Html {
  return html`<form class="search" method="get" action="/glossary" role="search">
<label for="q">${t(locale, 'web.searchLabel')}</label>
<input id="q" name="q" type="search" value="${query}" autocomplete="off" aria-describedby="q-hint">
<input type="hidden" name="lang" value="${locale}">
<button type="submit">${t(locale, 'web.searchButton')}</button>
<p id="q-hint" class="hint">${t(locale, 'web.searchHint')}</p>
</form>`;
}

function termLine(entry: GlossaryEntry, locale: Locale): Html {
  const short = locale === 'ko' ? entry.ko.short : entry.en.short;
  return html`<li><a href="${entryHref(entry.id, locale)}"><span class="term" lang="en">${entry.term}</span> <span class="name" lang="ko">${entry.ko.name}</span></a> <span class="short">${short}</span></li>`;
}

export function glossaryIndexPage(study: Study, locale: Locale, rawQuery: string): PageResult {
  const query = rawQuery.trim().slice(0, 200);
  if (query) return searchPage(study, locale, query);
  const { content } = study;
  const bySection = new Map<string, GlossaryEntry[]>();
  for (const entry of content.glossary) {
    const list = bySection.get(entry.source) ?? [];
    list.push(entry);
    bySection.set(entry.source, list);
  }
  const placed = new Set<string>();
  const sectionBlock = (id: string, heading: Html) => {
    placed.add(id);
    const entries = bySection.get(id);
    if (!entries) return html``;
    return html`<section aria-labelledby="s-${id}">
${heading}
<ul class="terms">${entries.map((entry) => termLine(entry, locale))}</ul>
</section>`;
  };
  const titled = (id: string) => html`<h3 id="s-${id}">${t(locale, 'web.section', { section: id, title: content.sections.get(id)?.[locale] ?? '' })}</h3>`;
  const chapters = content.book.chapters.map((chapter) => {
    // Entries about the chapter as a whole (source "1") come first, then the book's sections,
    // then any section the book does not list, so no entry is ever left off the page.
    const own = sectionBlock(chapter.id, html`<h3 id="s-${chapter.id}" class="visually-hidden">${chapter.title[locale]}</h3>`);
    const listed = chapter.sections.map((section) => sectionBlock(section.id, titled(section.id)));
    const unlisted = [...bySection.keys()]
      .filter((id) => !placed.has(id) && chapterIdOf(id) === chapter.id)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((id) => sectionBlock(id, titled(id)));
    return html`<section class="chapter" aria-labelledby="c-${chapter.id}">
<h2 id="c-${chapter.id}">${t(locale, 'web.chapter', { chapter: chapter.id, title: chapter.title[locale] })}</h2>
${own}${listed}${unlisted}
</section>`;
  });
  const orphans = [...bySection.keys()].filter((id) => !placed.has(id)).map((id) => sectionBlock(id, titled(id)));
  const title = t(locale, 'web.glossaryTitle');
  const body = html`<h1>${title}</h1>
<p>${t(locale, 'web.glossaryIntro', { count: content.glossary.length, book: content.book.title[locale] })}</p>
${searchForm(locale, '')}
${chapters}${orphans}`;
  return { status: 200, document: page({ locale, title, body, otherLanguageHref: otherLanguageHref('/glossary', locale) }) };
}

function searchPage(study: Study, locale: Locale, query: string): PageResult {
  const result = study.search.search(query);
  const found = result.entry ? [result.entry, ...result.suggestions] : result.suggestions;
  const title = t(locale, 'web.resultsTitle', { query });
  const list = found.length > 0 ? html`<ul class="terms results">${found.map((entry) => termLine(entry, locale))}</ul>` : html``;
  const lead = result.entry
    ? html``
    : html`<p>${t(locale, 'web.resultsNone', { query })}</p>${found.length > 0 ? html`<p>${t(locale, 'web.resultsSuggest')}</p>` : html``}`;
  const body = html`<h1>${title}</h1>
${searchForm(locale, query)}
${lead}
${list}
<p><a href="/glossary?lang=${locale}">${t(locale, 'web.clearSearch')}</a></p>`;
  return {
    status: 200,
    document: page({ locale, title, body, otherLanguageHref: otherLanguageHref('/glossary', locale, { q: query }) }),
  };
}

export function glossaryEntryPage(study: Study, locale: Locale, id: string): PageResult {
  const entry = study.search.byIdOrUndefined(id);
  if (!entry) return unknownTermPage(study, locale, id);
  const { content } = study;
  const other = otherOf(locale);
  const text = (lang: Locale) => (lang === 'ko' ? entry.ko : entry.en);
  const section = content.sections.get(entry.source);
  const related = entry.related.map((relatedId) => study.search.byIdOrUndefined(relatedId)).filter((found): found is GlossaryEntry => found !== undefined);
  const questions = content.trivia.filter((question) => question.terms.includes(entry.id)).length;
  const definition = (lang: Locale) => html`<div class="definition" lang="${lang}">
<p class="short">${text(lang).short}</p>
${text(lang).long ? html`<p class="long">${text(lang).long}</p>` : html``}
</div>`;
  const body = html`<article>
<h1><span lang="en">${entry.term}</span> · <span lang="ko">${entry.ko.name}</span></h1>
<p class="where">${t(locale, 'web.section', { section: entry.source, title: section?.[locale] ?? '' })}</p>
${definition(locale)}
<h2>${t(locale, 'web.inOtherLanguage')}</h2>
${definition(other)}
${related.length > 0 ? html`<h2>${t(locale, 'web.related')}</h2><ul class="terms">${related.map((found) => termLine(found, locale))}</ul>` : html``}
${entry.links.length > 0 ? html`<h2>${t(locale, 'web.docs')}</h2><ul class="links">${entry.links.map((link) => html`<li><a href="${link}" rel="noopener">${link}</a></li>`)}</ul>` : html``}
<p class="questions">${t(locale, 'web.questions', { count: questions })}</p>
</article>`;
  return {
    status: 200,
    document: page({
      locale,
      title: `${entry.term} · ${entry.ko.name}`,
      body,
      otherLanguageHref: otherLanguageHref(`/glossary/${encodeURIComponent(entry.id)}`, locale),
    }),
  };
}

function unknownTermPage(study: Study, locale: Locale, id: string): PageResult {
  const shown = id.slice(0, 200);
  const { suggestions, entry } = study.search.search(shown.replace(/-/g, ' '));
  const found = entry ? [entry, ...suggestions] : suggestions;
  const title = t(locale, 'web.notFoundTitle');
  const body = html`<h1>${title}</h1>
<p>${t(locale, 'web.notFoundTerm', { id: shown })}</p>
${found.length > 0 ? html`<p>${t(locale, 'web.resultsSuggest')}</p><ul class="terms">${found.map((hit) => termLine(hit, locale))}</ul>` : html``}
${searchForm(locale, '')}`;
  return {
    status: 404,
    document: page({ locale, title, body, otherLanguageHref: otherLanguageHref(`/glossary/${encodeURIComponent(shown)}`, locale) }),
  };
}

/** Any other path under the site: a page, not the JSON answer the probes get. */
export function notFoundPage(locale: Locale, url: URL): Html {
  const title = t(locale, 'web.notFoundTitle');
  const body = html`<h1>${title}</h1><p>${t(locale, 'web.notFoundPage')}</p>${searchForm(locale, '')}`;
  return page({ locale, title, body, otherLanguageHref: otherLanguageHref(url.pathname, locale) });
}
