/**
 * `GET /c/<token>` over real HTTP on 127.0.0.1, for a community seeded through the real answer
 * path on SQLite: the page and its headers, one 404 for every token that opens nothing (revoked
 * included), the period switch, links that keep the token, no open-round question, and member
 * names that arrive as text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newDashboardToken, resetDashboardToken } from '../../src/core/dashboard-link.ts';
import { dashboardSite, escapeLikeTheTemplate, ref, XSS_NAMES } from '../support/dashboard.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('GET /c/<token>', () => {
  it('GIVEN the community’s token THEN the page shows the plan, the board, both charts with their tables, under the strict headers', async () => {
    const site = await dashboardSite();
    cleanups.push(site.close);
    const response = await fetch(`${site.base}/c/${site.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    expect(body).toContain(escapeLikeTheTemplate('daily at 09:00 (Asia/Seoul)'));
    expect(body).toContain('<table class="board"');
    expect(body).toMatch(/<svg[^>]*aria-labelledby="participation-title participation-desc"/);
    expect(body).toMatch(/<svg[^>]*aria-labelledby="topics-title topics-desc"/);
    expect(body).toContain('<title id="participation-title">');
    expect(body).toContain('<desc id="topics-desc">');
    expect(body).toContain('id="participation-table"');
    expect(body).toContain('id="topics-table"');
    // Participation of the three closed rounds, as its table gives it: Dec 1 3 answered / 2 right, Dec 2 2/1, Dec 3 2/1.
    expect(body).toContain('<tr><th scope="row">Dec 1</th><td>3</td><td>2</td></tr>');
    expect(body).toContain('<tr><th scope="row">Dec 3</th><td>2</td><td>1</td></tr>');
    expect(body).not.toContain('<th scope="row">Dec 4</th>');
    expect(body).not.toMatch(/<script/i);
  });

  it('GIVEN an open round THEN its question appears nowhere on the page, in either language', async () => {
    const site = await dashboardSite();
    cleanups.push(site.close);
    const open = (await site.study.rounds.round(ref, '2026-12-04'))!;
    expect(open.status).toBe('open');
    const question = site.study.rounds.question(open.questionId)!;
    const closed = site.study.rounds.question((await site.study.rounds.round(ref, '2026-12-01'))!.questionId)!;
    for (const lang of ['en', 'ko'] as const) {
      for (const period of ['streak', 'week', 'month', 'all']) {
        const body = await (await fetch(`${site.base}/c/${site.token}?period=${period}&lang=${lang}`)).text();
        expect(body).not.toContain(escapeLikeTheTemplate(question[lang].question));
        expect(body).not.toContain(escapeLikeTheTemplate(question[lang].choices[0]!));
        expect(body).toContain(escapeLikeTheTemplate(closed[lang].question));
      }
    }
  });

  it('GIVEN wrong, malformed and revoked tokens THEN each gets the same 404, byte for byte, with no community data', async () => {
    const site = await dashboardSite();
    cleanups.push(site.close);
    const old = site.token;
    const fresh = await resetDashboardToken(site.store, ref, site.clock.now());
    const answers = await Promise.all(
      [old, newDashboardToken(), `${fresh.slice(0, -1)}${fresh.endsWith('A') ? 'B' : 'A'}`, 'short', `${fresh}/x`, '', `${fresh}%00`].map(async (token) => {
        const response = await fetch(`${site.base}/c/${token}`);
        return {
          token,
          status: response.status,
          body: await response.text(),
          referrer: response.headers.get('referrer-policy'),
          type: response.headers.get('content-type'),
        };
      }),
    );
    for (const answer of answers) {
      expect(answer, answer.token).toMatchObject({ status: 404, referrer: 'no-referrer', body: answers[0]!.body, type: answers[0]!.type });
      expect(answer.body).not.toContain('X1');
      expect(answer.body).not.toContain('alert');
    }
    expect((await fetch(`${site.base}/c/${fresh}`)).status).toBe(200);
  });

  it('GIVEN ?period=week|month|all THEN that board shows, the period links and the language link keep the token', async () => {
    const site = await dashboardSite();
    cleanups.push(site.close);
    const week = await (await fetch(`${site.base}/c/${site.token}?period=week&lang=en`)).text();
    expect(week).toContain('<caption>This week (Nov 30–Dec 6)</caption>');
    const href = (path: string) => `href="${escapeLikeTheTemplate(path)}"`;
    expect(week).toContain(`<a ${href(`/c/${site.token}?period=week&lang=en`)} aria-current="page">`);
    for (const period of ['month', 'all']) expect(week).toContain(href(`/c/${site.token}?period=${period}&lang=en`));
    expect(week).toContain(href(`/c/${site.token}?lang=en`));
    // The other language's link keeps the token and the period.
    expect(week).toContain(href(`/c/${site.token}?period=week&lang=ko`));
    const month = await (await fetch(`${site.base}/c/${site.token}?period=month&lang=ko`)).text();
    expect(month).toContain('<caption>이번 달 (2026년 12월)</caption>');
    const streak = await (await fetch(`${site.base}/c/${site.token}?period=nonsense&lang=en`)).text();
    expect(streak).toContain('<caption>Streak</caption>');
  });

  it('GIVEN many viewers at once THEN they share one reading of the page AND a request after it reads afresh', async () => {
    const site = await dashboardSite();
    cleanups.push(site.close);
    const page = `${site.base}/c/${site.token}?lang=en`;
    await fetch(page);
    site.store.reset();
    await fetch(page);
    const perPage = site.store.counts.get('getMany') ?? 0;
    expect(perPage).toBeGreaterThan(0);
    site.store.reset();
    const viewers = 20;
    const bodies = await Promise.all(Array.from({ length: viewers }, async () => (await fetch(page)).text()));
    expect(new Set(bodies).size).toBe(1);
    expect(site.store.counts.get('getMany') ?? 0).toBeLessThan(perPage * viewers);
    // Nothing is kept once sent: an answer pressed now shows in the next request.
    await site.press('2026-12-04', 'x2', true);
    const after = await (await fetch(page)).text();
    expect(after).not.toBe(bodies[0]);
    expect(after).toContain(`<th scope="row">${escapeLikeTheTemplate(XSS_NAMES[1]!)}</th><td>1</td><td>2</td>`);
  });

  it('GIVEN members named like markup and script links THEN the page carries their names as escaped text only', async () => {
    const site = await dashboardSite();
    cleanups.push(site.close);
    for (const period of ['streak', 'all']) {
      const body = await (await fetch(`${site.base}/c/${site.token}?period=${period}&lang=en`)).text();
      for (const name of XSS_NAMES) expect(body).toContain(escapeLikeTheTemplate(name));
      expect(body).not.toContain('<script>alert');
      expect(body).not.toContain('<img');
      expect(body).not.toMatch(/href="javascript:/i);
    }
  });
});
