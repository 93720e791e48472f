/**
 * How pages leave the server: security headers, compression per Accept-Encoding, and the
 * page language. Through a real server on loopback with raw bytes, not a mocked response.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html } from '../../src/web/html.ts';
import { COMPRESS_MIN_BYTES, chooseEncoding, CONTENT_SECURITY_POLICY, prepareHtml, sendHtml } from '../../src/web/respond.ts';
import { rawGet, startWebSite, type WebSite } from '../support/web.ts';

/** The template tag writes `/` and `=` in attributes as character references; a browser reads them back. */
const decodeEntities = (text: string) =>
  text.replace(/&#x([0-9a-f]+);/gi, (_all, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/&amp;/g, '&');

let site: WebSite;
beforeAll(async () => {
  site = await startWebSite();
});
afterAll(async () => {
  await site.close();
});

describe('headers', () => {
  it.each(['/glossary', '/glossary/kubelet', '/glossary/no-such-term', '/glossary?q=kubelte'])(
    'GIVEN %s THEN it is UTF-8 HTML with the strict CSP, nosniff and no framing',
    async (path) => {
      const res = await rawGet(site.url(path));
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers.vary).toBe('Accept-Encoding');
    },
  );

  it('GIVEN the CSP THEN nothing but our own origin may load, no inline script or style, no framing, no base tag', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('GIVEN the stylesheet THEN it is CSS with nosniff, so the CSP-allowed file is the only style', async () => {
    const res = await rawGet(site.url('/assets/site.css'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('GIVEN a page THEN it carries no inline style or script the CSP would block', async () => {
    const text = (await rawGet(site.url('/glossary/kubelet'))).body.toString('utf8');
    expect(text).not.toMatch(/<script|<style| style=/i);
    expect(decodeEntities(text)).toContain('<link rel="stylesheet" href="/assets/site.css">');
  });

  it('GIVEN a page that passes its own referrer-policy THEN it replaces the default, the other headers stay', async () => {
    const strict = await startWebSite({
      studied: site.studied,
      mount: (server) => server.mount('GET', '/private', (req, res) => sendHtml(req, res, 200, html`<p>private</p>`, { 'referrer-policy': 'no-referrer' })),
    });
    try {
      const res = await rawGet(strict.url('/private'));
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect((await rawGet(strict.url('/glossary'))).headers['referrer-policy']).toBe('same-origin');
    } finally {
      await strict.server.close();
    }
  });
});

describe('compression', () => {
  it('GIVEN Accept-Encoding gzip THEN the glossary comes gzipped and unzips to the page', async () => {
    const plain = await rawGet(site.url('/glossary'));
    const res = await rawGet(site.url('/glossary'), { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(res.body).equals(plain.body)).toBe(true);
  });

  it('GIVEN Accept-Encoding br and gzip THEN brotli is chosen and decodes to the page', async () => {
    const plain = await rawGet(site.url('/glossary/kubelet'));
    const res = await rawGet(site.url('/glossary/kubelet'), { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.body).equals(plain.body)).toBe(true);
  });

  it('GIVEN no Accept-Encoding THEN the body is sent as is', async () => {
    const res = await rawGet(site.url('/glossary'));
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toMatch(/^<!doctype html>/);
  });

  it('GIVEN a document under 1 KB THEN it is not compressed even when the client accepts it, and one of 1 KB is', async () => {
    const sized = await startWebSite({
      studied: site.studied,
      mount: (server) => {
        server.mount('GET', '/small', (req, res) => sendHtml(req, res, 200, html`<p>${'x'.repeat(COMPRESS_MIN_BYTES - 8)}</p>`));
        server.mount('GET', '/large', (req, res) => sendHtml(req, res, 200, html`<p>${'x'.repeat(COMPRESS_MIN_BYTES - 7)}</p>`));
      },
    });
    try {
      const small = await rawGet(sized.url('/small'), { 'accept-encoding': 'gzip, br' });
      expect(small.body.length).toBe(COMPRESS_MIN_BYTES - 1);
      expect(small.headers['content-encoding']).toBeUndefined();
      const large = await rawGet(sized.url('/large'), { 'accept-encoding': 'gzip, br' });
      expect(large.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(large.body).length).toBe(COMPRESS_MIN_BYTES);
    } finally {
      await sized.server.close();
    }
  });

  it.each([
    ['gzip;q=0, br;q=0', undefined],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    ['GZIP;Q=0.8', 'gzip'],
    [undefined, undefined],
  ] as const)('GIVEN Accept-Encoding %s THEN the coding is %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('language', () => {
  const langOf = (text: string) => /<html lang="(\w+)">/.exec(text)?.[1];

  it('GIVEN ?lang=en THEN the page is English whatever the browser says', async () => {
    const res = await rawGet(site.url('/glossary?lang=en'), { 'accept-language': 'ko-KR,ko;q=0.9' });
    const text = res.body.toString('utf8');
    expect(langOf(text)).toBe('en');
    expect(res.headers['content-language']).toBe('en');
    expect(text).toContain('Glossary');
  });

  it('GIVEN no ?lang and Accept-Language preferring English THEN the page is English', async () => {
    const res = await rawGet(site.url('/glossary'), { 'accept-language': 'de-DE, en-US;q=0.8, ko;q=0.5' });
    expect(langOf(res.body.toString('utf8'))).toBe('en');
  });

  it('GIVEN Accept-Language with Korean weighted highest THEN the page is Korean', async () => {
    const res = await rawGet(site.url('/glossary'), { 'accept-language': 'en;q=0.3, ko-KR' });
    expect(langOf(res.body.toString('utf8'))).toBe('ko');
  });

  it('GIVEN neither THEN the default locale (ko here) is used, and an unknown ?lang is ignored', async () => {
    expect(langOf((await rawGet(site.url('/glossary'))).body.toString('utf8'))).toBe('ko');
    expect(langOf((await rawGet(site.url('/glossary?lang=fr'), { 'accept-language': 'fr' })).body.toString('utf8'))).toBe('ko');
  });

  it('GIVEN an English default THEN a browser without a preference gets English', async () => {
    const english = await startWebSite({ defaultLocale: 'en' });
    try {
      expect(langOf((await rawGet(english.url('/glossary'))).body.toString('utf8'))).toBe('en');
    } finally {
      await english.close();
    }
  });

  it.each(['/glossary', '/glossary/kubelet', '/glossary/nope', '/glossary?q=pod'])(
    'GIVEN %s THEN it links to the same page in the other language',
    async (path) => {
      const ko = (await rawGet(site.url(path))).body.toString('utf8');
      const link = decodeEntities(/<a class="lang" href="([^"]+)"/.exec(ko)?.[1] ?? '');
      expect(link).not.toBe('');
      const target = new URL(link!, site.base);
      expect(target.pathname).toBe(new URL(path, site.base).pathname);
      expect(target.searchParams.get('lang')).toBe('en');
      const en = await rawGet(site.url(`${target.pathname}${target.search}`));
      expect(langOf(en.body.toString('utf8'))).toBe('en');
    },
  );
});

describe('a page prepared once', () => {
  it('GIVEN ten first requests at once for a new page in br and in gzip THEN every one gets the whole page in its coding AND what is kept is one body per coding', async () => {
    const text = `<!doctype html><p>${'쿠버네티스 kubelet '.repeat(400)}</p>`;
    const page = prepareHtml(200, html`${text}`);
    const path = `/prepared-${Date.now()}`;
    site.server.mount('GET', path, (req, res) => page.send(req, res));
    const coded = (encoding: string) => rawGet(site.url(path), { 'accept-encoding': encoding });
    const responses = await Promise.all([...Array.from({ length: 5 }, () => coded('br')), ...Array.from({ length: 5 }, () => coded('gzip'))]);
    const bodies = responses.map((res) => (res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.body) : gunzipSync(res.body)).toString('utf8'));
    expect(responses.map((res) => res.headers['content-encoding'])).toEqual([...Array(5).fill('br'), ...Array(5).fill('gzip')]);
    expect(new Set(bodies)).toEqual(new Set([page.body.toString('utf8')]));
    // Kept: the identity body plus exactly one body per coding, whichever request made it.
    const br = responses[0]!.body.length;
    const gz = responses[5]!.body.length;
    expect(page.size).toBe(page.body.length + br + gz);
    expect(new Set(responses.slice(0, 5).map((res) => res.body.toString('base64'))).size).toBe(1);
  });
});
