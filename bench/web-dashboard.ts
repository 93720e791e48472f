/**
 * `npm run bench -- web-dashboard`: `GET /c/<token>` for a community of 100,000 members with
 * stats (60 closed rounds, boards for every period) on SQLite, under 50 concurrent clients from
 * a separate process, beside a bare node:http server answering a constant body of the same size
 * in the same run. Target: dashboard p95 < 100 ms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadContent } from '../src/content/loader.ts';
import { ManualClock } from '../src/core/clock.ts';
import { createStudy } from '../src/core/create-study.ts';
import { createMetrics } from '../src/http/metrics.ts';
import { startHttpServer } from '../src/http/server.ts';
import { createLogger } from '../src/log/logger.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { createStore } from '../src/store/keyv-store.ts';
import { mountWeb } from '../src/web/web-routes.ts';
import { reply, stopChild } from './child.ts';
import { seedDashboardCommunity } from './dashboard-seed.ts';
import { type BenchRow, printRows } from './report.ts';
import type { WebLoadRequest, WebLoadResult } from './web-load-child.ts';

const MEMBERS = 100_000;
const CONCURRENCY = 50;
const TOTAL = 3000;
const TIMEOUT_MS = 120_000;
/** What a browser sends: the page is compressed as it would be for one. */
const HEADERS = { 'accept-encoding': 'gzip, br', 'accept-language': 'ko' };

async function loadChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'web-load-child.ts')], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await reply<{ ready: true }>(child, TIMEOUT_MS);
  return child;
}

async function load(child: ChildProcess, url: string, total = TOTAL): Promise<WebLoadResult> {
  const job: WebLoadRequest = { url, total, concurrency: CONCURRENCY, headers: HEADERS, status: 200 };
  child.send(job);
  const result = await reply<WebLoadResult>(child, TIMEOUT_MS);
  if (result.failures > 0) throw new Error(`${result.failures} of ${total} requests to ${url} failed`);
  return result;
}

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-bench-web-'));
  const store = await createStore(`sqlite://${path.join(dir, 'bench.sqlite')}`);
  let child: ChildProcess | undefined;
  const closers: Array<() => Promise<void>> = [];
  try {
    const content = await loadContent(path.resolve('content'));
    const ref = { platform: 'bench', community: 'dashboard' };
    const { token, now } = await seedDashboardCommunity(store, content, ref, MEMBERS);
    const study = createStudy({ content, store, clock: new ManualClock(now), schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' });
    const server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ level: 'silent', pretty: false }),
      metrics: createMetrics(),
      readiness: async () => ({ ready: true, reasons: [] }),
    });
    closers.push(() => server.close());
    mountWeb(server, { study, defaultLocale: 'ko', publicUrl: `http://127.0.0.1:${server.port}` });
    const dashboard = `http://127.0.0.1:${server.port}/c/${token}`;
    const page = await fetch(dashboard, { headers: { 'accept-encoding': 'identity' } });
    if (page.status !== 200) throw new Error(`the dashboard answered ${page.status}`);
    const constant = Buffer.from(await page.text());
    const bare = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': constant.length });
      res.end(constant);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => bare.close(() => resolve())));
    const barePort = (bare.address() as AddressInfo).port;

    child = await loadChild();
    await load(child, dashboard, 300); // warm-up: JIT, SQLite page cache, connections
    const rows: BenchRow[] = [];
    const baseline = await load(child, `http://127.0.0.1:${barePort}/`);
    for (const period of ['streak', 'week', 'all']) {
      const measured = await load(child, `${dashboard}?period=${period}`);
      const label = `GET /c/<token>?period=${period} (${MEMBERS.toLocaleString('en')} members with stats, ${(constant.length / 1024).toFixed(0)} KB, ${CONCURRENCY} clients)`;
      rows.push(
        { name: `${label} p50`, value: measured.p50, unit: 'ms', baselineName: 'bare node:http, same size', baseline: baseline.p50 },
        {
          name: `${label} p95`,
          value: measured.p95,
          unit: 'ms',
          baselineName: 'bare node:http, same size',
          baseline: baseline.p95,
          target: 'p95 < 100 ms',
          met: measured.p95 < 100,
        },
        { name: `${label} p99`, value: measured.p99, unit: 'ms', baselineName: 'bare node:http, same size', baseline: baseline.p99 },
        { name: `${label} rate`, value: measured.perSecond, unit: 'req/s', baselineName: 'bare node:http, same size', baseline: baseline.perSecond },
      );
    }
    printRows('community dashboard (GET /c/<token>)', rows);
  } finally {
    if (child) await stopChild(child);
    for (const close of closers.reverse()) await close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
