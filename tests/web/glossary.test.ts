/**
 * The glossary pages over HTTP on the shipped content: status codes, what each page shows,
 * the search `/define` uses, 404s with suggestions, escaping of typed text and the size budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet, startWebSite, type WebSite } from '../support/web.ts';

let site: WebSite;
beforeAll(async () => {
  site = await startWebSite();
});
afterAll(async () => {
  await site.close();
});

const decode = (text: string) =>
  text
    .replace(/&#x([0-9a-f]+);/gi, (_all, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_all, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await rawGet(site.url(path), headers);
  return { ...res, text: res.body.toString('utf8') };
};
/** The entry ids a page links to, in order. */
const entryLinks = (text: string) => [...decode(text).matchAll(/href="\/glossary\/([a-z0-9-]+)\?lang=\w+"/g)].map((match) => match[1]);

describe('GET /glossary', () => {
  it('GIVEN the shipped content THEN every term is listed once, grouped by chapter and section titles from the book', async () => {
    const { status, text } = await get('/glossary');
    expect(status).toBe(200);
    const { content } = site.studied;
    const linked = entryLinks(text);
    expect(new Set(linked).size).toBe(content.glossary.length);
    expect(linked).toHaveLength(content.glossary.length);
    const chapter = content.book.chapters[0]!;
    expect(text).toContain(`<h2 id="c-${chapter.id}">${chapter.id}장 · ${chapter.title.ko}</h2>`);
    for (const section of chapter.sections.filter((s) => content.glossary.some((entry) => entry.source === s.id))) {
      expect(decode(text)).toContain(`${section.id}절 · ${section.title.ko}`);
    }
    const kubelet = content.glossary.find((entry) => entry.id === 'kubelet')!;
    expect(text).toContain(kubelet.ko.name);
    expect(decode(text)).toContain(kubelet.ko.short);
  });

  it('GIVEN the page THEN it has a plain GET search form that works without JavaScript', async () => {
    const { text } = await get('/glossary');
    const form = decode(text);
    expect(form).toMatch(/<form class="search" method="get" action="\/glossary" role="search">/);
    expect(form).toContain('<input id="q" name="q" type="search"');
    expect(form).toContain('<label for="q">');
  });

  it('GIVEN the shipped content THEN the HTML document weighs under 150 KB before compression', async () => {
    for (const lang of ['ko', 'en']) {
      const { body, headers } = await get(`/glossary?lang=${lang}`);
      expect(headers['content-encoding']).toBeUndefined();
      expect(body.length).toBeLessThan(150 * 1024);
    }
  });

  it('GIVEN GET / THEN it leads to the glossary, keeping the language asked for', async () => {
    expect((await get('/')).status).toBe(302);
    expect((await get('/')).headers.location).toBe('/glossary');
    expect((await get('/?lang=en')).headers.location).toBe('/glossary?lang=en');
    expect((await get('/glossary/')).headers.location).toBe('/glossary');
  });

  it('GIVEN HEAD THEN the same status and headers come without a body', async () => {
    const res = await rawGet(site.url('/glossary/kubelet'), {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body.length).toBe(0);
  });

  it('GIVEN the web routes THEN the probes still answer and an unknown path is still the JSON 404', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const other = await get('/nothing-here');
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toContain('application/json');
  });
});

describe('GET /glossary?q=', () => {
  it.each(['kubelte', '큐블렛', 'ㅋㅂㄹ', 'KUBELET', 'kubelet'])('GIVEN %s THEN kubelet is the first result, as /define finds it', async (query) => {
    const { status, text } = await get(`/glossary?q=${encodeURIComponent(query)}`);
    expect(status).toBe(200);
    expect(entryLinks(text)[0]).toBe('kubelet');
    expect(decode(text)).toContain(`value="${query}"`);
  });

  it('GIVEN a query nothing resembles THEN the page says so, keeps the text in the box, and offers no results', async () => {
    const { status, text } = await get('/glossary?q=zzzzqqqq&lang=en');
    expect(status).toBe(200);
    expect(decode(text)).toContain('No term matches "zzzzqqqq".');
    expect(entryLinks(text)).toEqual([]);
  });

  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')"])(
    'GIVEN the typed text %s THEN it comes back escaped, never as markup',
    async (query) => {
      const { text } = await get(`/glossary?q=${encodeURIComponent(query)}`);
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<img');
      expect(text).not.toContain('"><');
      expect(text).not.toMatch(/href="javascript:/i);
      expect(decode(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>'))).toContain(query);
    },
  );

  it('GIVEN a blank query THEN it is the full glossary', async () => {
    const { text } = await get('/glossary?q=%20%20');
    expect(entryLinks(text)).toHaveLength(site.studied.content.glossary.length);
  });
});

describe('GET /glossary/<id>', () => {
  it('GIVEN kubelet THEN both languages, the long text, the section title, related links, docs links and the question count', async () => {
    const { status, text } = await get('/glossary/kubelet');
    expect(status).toBe(200);
    const { content } = site.studied;
    const entry = content.glossary.find((e) => e.id === 'kubelet')!;
    const page = decode(text);
    expect(page).toContain(entry.ko.short);
    expect(page).toContain(entry.en.short);
    expect(page).toContain(entry.ko.long!);
    expect(page).toContain(entry.en.long!);
    expect(page).toContain(`${entry.source}절 · ${content.sections.get(entry.source)!.ko}`);
    expect(entry.related.length).toBeGreaterThan(0);
    expect(entryLinks(text).filter((id) => id !== 'kubelet')).toEqual(entry.related.filter((id) => content.glossary.some((e) => e.id === id)));
    for (const link of entry.links) expect(page).toContain(`href="${link}"`);
    const count = content.trivia.filter((question) => question.terms.includes('kubelet')).length;
    expect(count).toBeGreaterThan(0);
    expect(page).toContain(`이 용어를 연습하는 문제: ${count}개`);
  });

  it('GIVEN every entry THEN its page answers 200 and every related link leads to a page that answers 200', async () => {
    const ids = new Set(site.studied.content.glossary.map((entry) => entry.id));
    for (const id of ids) {
      const { status, text } = await get(`/glossary/${id}?lang=en`);
      expect(status, id).toBe(200);
      for (const linked of entryLinks(text)) expect(ids.has(linked!), `${id} links to ${linked}`).toBe(true);
    }
  });

  it('GIVEN an unknown id close to a real one THEN a 404 page suggests the real one', async () => {
    const { status, text, headers } = await get('/glossary/kubelte?lang=en');
    expect(status).toBe(404);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(decode(text)).toContain('There is no term `kubelte` in the glossary.');
    expect(entryLinks(text)).toContain('kubelet');
  });

  it('GIVEN an id with markup or broken percent-encoding THEN it is a 404 page with the text escaped', async () => {
    const hostile = await get(`/glossary/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(hostile.status).toBe(404);
    expect(hostile.text).not.toContain('<script>alert');
    expect((await get('/glossary/%E0%A4%A')).status).toBe(404);
    expect((await get('/glossary/a/b')).status).toBe(404);
  });
});
