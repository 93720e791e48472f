/**
 * How every page leaves the server: strict security headers, compression negotiated per
 * request, and the page language chosen from the URL or the browser.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from 'node:zlib';
import type { Locale } from '../core/i18n.ts';
import type { Html } from './html.ts';

/** Nothing runs or loads but our own stylesheet (and scripts, should a page ever need one, from our own files). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Below this a compressed body saves less than the work and the extra header cost. */
export const COMPRESS_MIN_BYTES = 1024;

// Quality 11 (the default) costs tens of milliseconds on a glossary-sized page; 5 keeps most of the gain.
const BROTLI_OPTIONS = { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT } };

/** A body rendered once and sent many times: each coding is made on first need and kept. */
export class PreparedBody {
  /** Body and complete headers per coding ('identity' too), built on first need and kept. */
  private readonly variants = new Map<Encoding | 'identity', { body: Buffer; headers: Record<string, string> }>();
  constructor(
    readonly status: number,
    readonly body: Buffer,
    readonly headers: Record<string, string>,
  ) {}

  /** Sends it coded as the client accepts (the same rules as sendBody), compressing at most once per coding. */
  send(req: IncomingMessage, res: ServerResponse): void {
    const encoding = this.body.length >= COMPRESS_MIN_BYTES ? chooseEncoding(req.headers['accept-encoding']) : undefined;
    const variant = this.variant(encoding ?? 'identity');
    res.writeHead(this.status, variant.headers);
    res.end(variant.body);
  }

  get size(): number {
    let total = this.body.length;
    for (const variant of this.variants.values()) total += variant.body.length;
    return total;
  }

  private variant(coding: Encoding | 'identity') {
    let variant = this.variants.get(coding);
    if (!variant) {
      const body = coding === 'identity' ? this.body : coding === 'br' ? brotliCompressSync(this.body, BROTLI_OPTIONS) : gzipSync(this.body);
      const headers: Record<string, string> = { ...securityHeaders(), vary: 'Accept-Encoding', ...this.headers, 'content-length': String(body.length) };
      if (coding !== 'identity') headers['content-encoding'] = coding;
      variant = { body, headers };
      this.variants.set(coding, variant);
    }
    return variant;
  }
}

export function prepareHtml(status: number, document: Html, headers: Record<string, string> = {}): PreparedBody {
  return new PreparedBody(status, Buffer.from(document.toString(), 'utf8'), { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...headers });
}

export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}

/**
 * Sends a page rendered for this request. `headers` are added last, so a page may tighten a
 * default (the dashboard sends `referrer-policy: no-referrer`, keeping its token out of
 * Referer headers); names are lower-case.
 */
export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, document: Html, headers: Record<string, string> = {}): void {
  sendBody(req, res, status, Buffer.from(document.toString(), 'utf8'), {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  });
}

/** Sends any text body (the stylesheet, a page) with the same headers and compression rules. */
export function sendBody(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, headers: Record<string, string>): void {
  const base = { ...securityHeaders(), vary: 'Accept-Encoding', ...headers };
  const encoding = body.length >= COMPRESS_MIN_BYTES ? chooseEncoding(req.headers['accept-encoding']) : undefined;
  if (!encoding) {
    res.writeHead(status, { ...base, 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  const done = (error: Error | null, compressed: Buffer) => {
    if (error) {
      res.destroy(error);
      return;
    }
    res.writeHead(status, { ...base, 'content-encoding': encoding, 'content-length': String(compressed.length) });
    res.end(compressed);
  };
  // The async forms run on libuv's pool, so one large page does not hold up every other request.
  if (encoding === 'br') brotliCompress(body, BROTLI_OPTIONS, done);
  else gzip(body, done);
}

export type Encoding = 'br' | 'gzip';

/**
 * Clients send the same few Accept-* headers on every request, so each distinct header is
 * decided once; the bound keeps headers made up per request from growing the memo.
 */
function memoByHeader<T>(decide: (header: string) => T): (header: string) => T {
  const decided = new Map<string, T>();
  return (header) => {
    if (decided.has(header)) return decided.get(header) as T;
    const value = decide(header);
    if (decided.size >= 512) decided.clear();
    decided.set(header, value);
    return value;
  };
}

const encodingFor = memoByHeader((header): Encoding | undefined => {
  const weights = parseQualities(header);
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gz = Math.max(weight('gzip'), weights.get('x-gzip') ?? 0);
  if (br <= 0 && gz <= 0) return undefined;
  return br >= gz ? 'br' : 'gzip';
});

/** The best coding the client accepts (`br` over `gzip` at equal weight); none when it accepts neither. */
export function chooseEncoding(header: string | string[] | undefined): Encoding | undefined {
  const joined = Array.isArray(header) ? header.join(',') : header;
  return joined ? encodingFor(joined) : undefined;
}

const languageFor = memoByHeader((header): Locale | undefined => {
  const ranked = [...parseQualities(header)].filter(([, q]) => q > 0).sort((a, b) => b[1] - a[1]);
  for (const [tag] of ranked) {
    if (tag === 'ko' || tag.startsWith('ko-')) return 'ko';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
});

/**
 * The page language: `?lang=ko|en` (a link the reader followed), else the browser's
 * Accept-Language by weight, else the deployment's default.
 */
export function pageLocale(req: IncomingMessage, url: URL, fallback: Locale): Locale {
  const asked = url.searchParams.get('lang');
  if (asked === 'ko' || asked === 'en') return asked;
  const header = req.headers['accept-language'];
  return (header ? languageFor(header) : undefined) ?? fallback;
}

/** Parses `a;q=0.5, b` (RFC 9110 weights) into lower-cased names and weights; a missing q is 1. */
function parseQualities(header: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim());
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q=([0-9.]+)$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    if (!Number.isFinite(q)) continue;
    const key = name.toLowerCase();
    result.set(key, Math.max(result.get(key) ?? 0, q));
  }
  return result;
}
