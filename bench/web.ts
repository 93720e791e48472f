/**
 * `npm run bench -- web`: the web pages under 50 concurrent keep-alive clients on loopback,
 * each beside a bare `node:http` server answering a constant of the same size on the wire,
 * measured in the same run (the bare server is what HTTP itself costs on this machine).
 * Clients send a browser's Accept-Encoding, so compression is part of the cost.
 *
 * The pages measured are a list (PAGES): each entry prepares its path against the running
 * site and names its target. The dashboard adds `/c/<token>` there with its own setup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SHIPPED_CONTENT, testStudy } from '../tests/support/study.ts';
import { rawGet, startWebSite, type WebSite } from '../tests/support/web.ts';
import { seedDashboardCommunity } from './dashboard-seed.ts';
import { reply, stopChild } from './child.ts';
import { type BenchRow, percentile, printRows } from './report.ts';
import type { WebLoadRequest, WebLoadResult } from './web-load-child.ts';

const CLIENTS = 50;
const REQUESTS = 4000;
const WARMUP = 500;
/** Per page, before the first page is measured. */
const SITE_WARMUP = 4000;
const ACCEPT = { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' };

export interface WebBenchPage {
  name: string;
  /** Runs once against the started site (create data, a token…) and returns the path to load. */
  prepare(site: WebSite): Promise<string>;
  /** Which latency percentile the target is on, and its bound in ms. */
  target: { percentile: 95 | 99; ms: number };
}

/** The slot for more pages: add an entry (the dashboard's `/c/<token>` goes here). */
export const PAGES: WebBenchPage[] = [
  { name: '/glossary', prepare: async () => '/glossary', target: { percentile: 99, ms: 20 } },
  { name: '/glossary?q=kubelte', prepare: async () => '/glossary?q=kubelte', target: { percentile: 99, ms: 20 } },
  {
    name: '/c/<token> (100,000 members with stats, 60 closed rounds)',
    async prepare(site) {
      const ref = { platform: 'bench', community: 'dashboard' };
      const { token, now } = await seedDashboardCommunity(site.studied.store, site.studied.content, ref, 100_000);
      site.studied.clock.set(now);
      return `/c/${token}`;
    },
    target: { percentile: 95, ms: 100 },
  },
];

const ROUNDS = 3;
const LOAD_TIMEOUT_MS = 120_000;

/** The load generator in its own process: the requests' client side is not charged to the server. */
function startLoadChild(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'web-load-child.ts')], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function load(child: ChildProcess, url: string, total: number, urls?: string[]): Promise<WebLoadResult> {
  const job: WebLoadRequest = { url, total, clients: CLIENTS, headers: ACCEPT, ...(urls ? { urls } : {}) };
  child.send(job);
  const result = await reply<WebLoadResult>(child, LOAD_TIMEOUT_MS);
  if (result.failures > 0) throw new Error(`${url}: ${result.failures} of ${total} requests failed`);
  return result;
}

/** Rounds alternate ours and the bare server, so drift in the machine's speed hits both alike. */
async function measure(child: ChildProcess, ours: string, bare: string): Promise<{ ours: WebLoadResult; bare: WebLoadResult }> {
  await load(child, ours, WARMUP);
  await load(child, bare, WARMUP);
  const runs = { ours: [] as WebLoadResult[], bare: [] as WebLoadResult[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
    for (const which of order) runs[which].push(await load(child, which === 'ours' ? ours : bare, REQUESTS));
  }
  const pool = (list: WebLoadResult[]): WebLoadResult => ({
    latencies: list.flatMap((run) => run.latencies),
    perSecond: percentile(
      list.map((run) => run.perSecond),
      50,
    ),
    bytes: list[0]!.bytes,
    failures: 0,
  });
  return { ours: pool(runs.ours), bare: pool(runs.bare) };
}

/** A bare node:http server answering one constant body with the same headers' shape. */
async function bareServer(body: Buffer, encoding: string | undefined): Promise<{ base: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Typed searches nobody typed before, as people mistype terms: each English term with one
 * letter dropped or two neighbours swapped, every one distinct and none a real term.
 */
function typoQueries(terms: string[]): string[] {
  const real = new Set(terms.map((term) => term.toLowerCase()));
  const typos = new Set<string>();
  for (const term of terms.map((t) => t.toLowerCase()).filter((t) => t.length >= 5)) {
    for (let i = 1; i < term.length; i += 1) typos.add(term.slice(0, i) + term.slice(i + 1));
    for (let i = 1; i < term.length - 1; i += 1) typos.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...typos].filter((typo) => !real.has(typo) && typo.trim() === typo && !typo.includes('  '));
}

/** Searches that miss the page cache (each query once), beside the same queries again, served from it. */
async function measureSearchMisses(child: ChildProcess, site: WebSite, rows: BenchRow[]): Promise<void> {
  const queries = typoQueries(site.studied.content.glossary.map((entry) => entry.term));
  // The cache holds 2,000 pages: the measured queries all fit, so the second pass is all hits.
  const warm = queries.slice(0, Math.min(400, Math.floor(queries.length / 4)));
  const measured = queries.slice(warm.length, warm.length + 1600);
  const urls = (list: string[]) => list.map((query) => site.url(`/glossary?q=${encodeURIComponent(query)}`));
  await load(child, '', warm.length, urls(warm));
  const misses = await load(child, '', measured.length, urls(measured));
  const hits = await load(child, '', measured.length, urls(measured));
  const name = `/glossary?q=<a typo not searched before> (${measured.length} distinct)`;
  const p99 = percentile(misses.latencies, 99);
  rows.push(
    { name: `${name} p50`, value: percentile(misses.latencies, 50), unit: 'ms', baselineName: 'same queries again, cached', baseline: percentile(hits.latencies, 50) },
    {
      name: `${name} p99`,
      value: p99,
      unit: 'ms',
      baselineName: 'same queries again, cached',
      baseline: percentile(hits.latencies, 99),
      target: 'p99 < 20 ms',
      met: p99 < 20,
    },
    { name: `${name} req/s`, value: misses.perSecond, unit: 'req/s', baselineName: 'same queries again, cached', baseline: hits.perSecond },
  );
}

export default async function run(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-bench-web-'));
  // SQLite, the default deployment's store: the glossary pages never read it, the dashboard does.
  const site = await startWebSite({ studied: await testStudy({ contentDir: SHIPPED_CONTENT, storeUrl: `sqlite://${path.join(dir, 'bench.sqlite')}` }) });
  const child = startLoadChild();
  const rows: BenchRow[] = [];
  try {
    // Every page is prepared and loaded once before any is measured: the first page measured
    // otherwise carries the server's start-up (its first round ran at three times the median).
    const paths: string[] = [];
    for (const page of PAGES) paths.push(await page.prepare(site));
    for (const path of paths) await load(child, site.url(path), SITE_WARMUP);
    for (const [index, page] of PAGES.entries()) {
      const path = paths[index]!;
      const sample = await rawGet(site.url(path), ACCEPT);
      const bare = await bareServer(sample.body, sample.headers['content-encoding'] as string | undefined);
      try {
        const { ours, bare: baseline } = await measure(child, site.url(path), `${bare.base}/`);
        const p = page.target.percentile;
        const tail = percentile(ours.latencies, p);
        rows.push(
          {
            name: `${page.name} p50`,
            value: percentile(ours.latencies, 50),
            unit: 'ms',
            baselineName: 'bare node:http',
            baseline: percentile(baseline.latencies, 50),
          },
          {
            name: `${page.name} p${p}`,
            value: tail,
            unit: 'ms',
            baselineName: 'bare node:http',
            baseline: percentile(baseline.latencies, p),
            target: `p${p} < ${page.target.ms} ms`,
            met: tail < page.target.ms,
          },
          // A p95 target still shows the p99 beside it.
          ...(p === 99
            ? []
            : [
                {
                  name: `${page.name} p99`,
                  value: percentile(ours.latencies, 99),
                  unit: 'ms',
                  baselineName: 'bare node:http',
                  baseline: percentile(baseline.latencies, 99),
                },
              ]),
          { name: `${page.name} req/s`, value: ours.perSecond, unit: 'req/s', baselineName: 'bare node:http', baseline: baseline.perSecond },
          { name: `${page.name} body`, value: ours.bytes / 1024, unit: `KiB (${sample.headers['content-encoding'] ?? 'identity'})` },
        );
      } finally {
        await new Promise<void>((resolve) => bare.server.close(() => resolve()));
      }
    }
    await measureSearchMisses(child, site, rows);
  } finally {
    await stopChild(child);
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
  printRows(`web pages, ${CLIENTS} concurrent keep-alive clients, ${ROUNDS} rounds of ${REQUESTS} requests each (browser Accept-Encoding)`, rows);
}
