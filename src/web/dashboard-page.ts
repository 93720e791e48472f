/**
 * The community dashboard's HTML: the plan, the boards with a link per period, both charts with
 * their tables, and the hardest questions. Everything a member typed (display names) and every
 * figure goes through html``, which escapes it; nothing here escapes by hand or marks user text safe.
 */
import { type DashboardData, BOARD_PERIODS, type BoardPeriod } from '../core/dashboard-data.ts';
import { type Locale, type MessageKey, t } from '../core/i18n.ts';
import { participationChart, percent, shareChart } from './charts.ts';
import { DASHBOARD_CSS_PATH } from './dashboard-css.ts';
import { type Html, html } from './html.ts';
import { page } from './layout.ts';

/** `/c/<token>?period=…&lang=…`: the page's own address with one part changed, so every link keeps the token. */
export function dashboardHref(token: string, period: BoardPeriod, locale: Locale): string {
  const query = new URLSearchParams({ ...(period === 'streak' ? {} : { period }), lang: locale });
  return `/c/${encodeURIComponent(token)}?${query}`;
}

export function dashboardPage(data: DashboardData, options: { locale: Locale; token: string; period: BoardPeriod }): Html {
  const { locale, token, period } = options;
  const say = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
  const body = html`<link rel="stylesheet" href="${DASHBOARD_CSS_PATH}">
<h1>${say('dashboard.title')}</h1>
<section aria-labelledby="plan-heading">
<h2 id="plan-heading">${say('dashboard.plan')}</h2>
<dl class="plan">
<dt>${say('quiz.statusSchedule')}</dt><dd>${data.plan.schedule}</dd>
<dt>${say('quiz.statusNext')}</dt><dd>${data.plan.next}</dd>
<dt>${say('quiz.statusLanguage')}</dt><dd>${data.plan.language}</dd>
</dl>
</section>
${boardSection(data, token, period, locale)}
<section aria-labelledby="participation-heading">
<h2 id="participation-heading">${say('dashboard.participation', { n: data.participation.length })}</h2>
${
  data.participation.length === 0
    ? html`<p>${say('dashboard.noRounds')}</p>`
    : participationChart(
        { id: 'participation', title: say('dashboard.participation', { n: data.participation.length }), desc: say('dashboard.participationDesc') },
        data.participation,
        { round: say('dashboard.round'), answered: say('dashboard.answered'), right: say('dashboard.right') },
      )
}
</section>
<section aria-labelledby="topics-heading">
<h2 id="topics-heading">${say('dashboard.topics')}</h2>
${
  data.topics.length === 0
    ? html`<p>${say('dashboard.noRounds')}</p>`
    : shareChart(
        { id: 'topics', title: say('dashboard.topics'), desc: say('dashboard.topicsDesc') },
        data.topics.map((topic) => ({ label: topic.name, answered: topic.answered, right: topic.right, share: topic.share })),
        { topic: say('dashboard.topic'), share: say('dashboard.share'), answered: say('dashboard.answered'), right: say('dashboard.right') },
      )
}
</section>
<section aria-labelledby="hardest-heading">
<h2 id="hardest-heading">${say('dashboard.hardest')}</h2>
${
  data.hardest.length === 0
    ? html`<p>${say('dashboard.noRounds')}</p>`
    : html`<ol class="hardest">${data.hardest.map(
        (question) =>
          html`<li><p>${question.question}</p><p>${say('dashboard.correctChoice')}: <strong>${question.answer}. ${question.choice}</strong></p><p>${say('dashboard.share')} ${percent(question.share)} (${question.right}/${question.answered})</p></li>`,
      )}</ol>`
}
</section>`;
  const other: Locale = locale === 'ko' ? 'en' : 'ko';
  return page({ locale, title: say('dashboard.title'), body, otherLanguageHref: dashboardHref(token, period, other) });
}

function boardSection(data: DashboardData, token: string, period: BoardPeriod, locale: Locale): Html {
  const say = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
  const { board } = data;
  const periodName = say(`dashboard.period.${period}`);
  const caption = board.when ? `${periodName} (${board.when})` : periodName;
  const links = BOARD_PERIODS.map((each) =>
    each === period
      ? html`<li><a href="${dashboardHref(token, each, locale)}" aria-current="page">${say(`dashboard.period.${each}`)}</a></li>`
      : html`<li><a href="${dashboardHref(token, each, locale)}">${say(`dashboard.period.${each}`)}</a></li>`,
  );
  const streak = period === 'streak';
  const rows = board.rows.map(
    (row) =>
      html`<tr><td>${row.rank}</td><th scope="row">${row.name}</th>${streak ? html`<td>${row.streak ?? 0}</td><td>${row.right}</td>` : html`<td>${row.right}</td><td>${row.wrong ?? 0}</td>`}</tr>`,
  );
  const head = streak
    ? html`<th scope="col">${say('dashboard.streak')}</th><th scope="col">${say('dashboard.correct')}</th>`
    : html`<th scope="col">${say('dashboard.correct')}</th><th scope="col">${say('dashboard.wrong')}</th>`;
  return html`<section aria-labelledby="board-heading">
<h2 id="board-heading">${say('dashboard.boards')}</h2>
<nav aria-label="${say('dashboard.boards')}"><ul class="periods">${links}</ul></nav>
${
  board.rows.length === 0
    ? html`<p>${say('dashboard.boardEmpty')}</p>`
    : html`<table class="board" id="board">
<caption>${caption}</caption>
<thead><tr><th scope="col">${say('dashboard.rank')}</th><th scope="col">${say('dashboard.name')}</th>${head}</tr></thead>
<tbody>${rows}</tbody>
</table>
<p>${say('dashboard.members', { total: board.total })}</p>`
}
</section>`;
}

export function dashboardNotFoundPage(locale: Locale, otherLanguageHref: string): Html {
  return page({
    locale,
    title: t(locale, 'dashboard.notFoundTitle'),
    body: html`<h1>${t(locale, 'dashboard.notFoundTitle')}</h1><p>${t(locale, 'dashboard.notFound')}</p>`,
    otherLanguageHref,
  });
}
