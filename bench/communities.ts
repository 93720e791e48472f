/**
 * Many communities on one deployment: 10,000 communities with one channel each on 200
 * schedules in 12 zones, beside the same figures for 1 community, on SQLite and on Redis.
 * Start-up (in a child process, for a clean RSS; median of three), the store operations of a
 * firing nobody is on, and a firing that makes 1,000 communities due, through an adapter in
 * this process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { Content } from '../src/content/schema.ts';
import { cronSchedule, previousFiring } from '../src/schedule/cron-schedule.ts';
import { runRound } from '../src/schedule/round-job.ts';
import { createStore } from '../src/store/keyv-store.ts';
import { hasRedis, startRedis } from '../tests/support/redis.ts';
import type { StartupFigures } from './communities-child.ts';
import { benchContent, benchSchedules, benchStudy, channelName, communityName, CountingAdapter, NOBODY, scheduleIndexOf } from './communities-parts.ts';
import { countingStore } from '../tests/support/counting-store.ts';
import { type BenchRow, printRows } from './report.ts';

/** BENCH_COMMUNITIES makes a quicker run while working on it; the figure is for 10,000. */
const MANY = Number(process.env.BENCH_COMMUNITIES ?? 10_000);
const DUE = 1_000;
const SETUP_CONCURRENCY = 64;
const IDLE_FIRINGS = 10;
/** Every community chose its schedule here, so each schedule's last firing before START is after it. */
const SETUP_AT = new Date('2026-11-16T00:00:00Z');
/** The restart: every schedule's latest firing before it has been posted. */
const START = new Date('2026-11-28T00:00:00Z');
const CHILD_TIMEOUT_MS = 300_000;
/** Start-ups measured per case; the median is printed. */
const STARTS = 3;

interface Figures {
  communities: number;
  startup: StartupFigures;
  idleOps: number;
  idleDetail: string;
  due: number;
  handedMs: number;
  roundMs: number;
  dueOps: number;
}

async function pool(total: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(total, concurrency) }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

function startupChild(url: string): Promise<StartupFigures> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.resolve(import.meta.dirname, 'communities-child.ts'), url, START.toISOString()],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as StartupFigures);
      else reject(new Error(`start-up child ended with ${code ?? signal}: ${err.trim()}`));
    });
  });
}

/** Sets up `count` communities, posts every schedule's last firing, then measures. */
async function measure(content: Content, url: string, count: number): Promise<Figures> {
  const schedules = benchSchedules();
  const hotCount = Math.min(count, DUE);
  const clock = new ManualClock(SETUP_AT);
  const store = countingStore(await createStore(url));
  const study = benchStudy(content, store, clock);
  const adapter = new CountingAdapter();
  const adapters = { discord: adapter };
  try {
    await pool(count, SETUP_CONCURRENCY, async (i) => {
      const ref = { platform: 'discord' as const, community: communityName(i) };
      const schedule = schedules[scheduleIndexOf(i, hotCount)]!;
      await study.communities.setSchedule(ref, { cron: schedule.cron, timezone: schedule.timezone }, SETUP_AT);
      await study.subscriptions.subscribe({ ...ref, channel: channelName(i) }, SETUP_AT);
    });
    clock.set(START);
    const used = [...new Set(Array.from({ length: count }, (_, i) => scheduleIndexOf(i, hotCount)))].map((j) => schedules[j]!);
    await pool(used.length, 4, async (j) => {
      const schedule = used[j]!;
      const firing = previousFiring(cronSchedule(schedule.cron, schedule.timezone), START)!;
      await runRound(firing, { study, adapters, scheduleKey: schedule.key, logger: silentLogger });
    });
    if (adapter.posts !== count) throw new Error(`setup posted ${adapter.posts} of ${count} first rounds`);

    // A restart changes nothing here (the catch-up finds every channel posted), so it can be
    // repeated; the median of a few keeps a busy machine's hiccup out of the figure.
    const starts: StartupFigures[] = [];
    for (let run = 0; run < STARTS; run += 1) starts.push(await startupChild(url));
    const startup = starts.sort((a, b) => a.startupMs - b.startupMs)[Math.floor(STARTS / 2)]!;

    store.reset();
    let firing = START;
    for (let k = 0; k < IDLE_FIRINGS; k += 1) {
      firing = cronSchedule(NOBODY.cron, NOBODY.timezone).next(firing)!;
      await runRound(firing, { study, adapters, scheduleKey: NOBODY.key, logger: silentLogger });
    }
    const idleOps = store.total() / IDLE_FIRINGS;
    const idleDetail = [...store.counts].map(([name, n]) => `${name} ${n / IDLE_FIRINGS}`).join(', ');

    const hot = schedules[0]!;
    const dueAt = cronSchedule(hot.cron, hot.timezone).next(START)!;
    clock.set(dueAt);
    const postsBefore = adapter.posts;
    store.reset();
    const started = performance.now();
    const report = await runRound(dueAt, { study, adapters, scheduleKey: hot.key, logger: silentLogger });
    const roundMs = performance.now() - started;
    const handed = adapter.posts - postsBefore;
    if (handed !== hotCount || report.posted !== hotCount)
      throw new Error(`the due firing handed ${handed} and posted ${report.posted} of ${hotCount} questions`);
    return { communities: count, startup, idleOps, idleDetail, due: hotCount, handedMs: adapter.lastPostAt - started, roundMs, dueOps: store.total() };
  } finally {
    await store.close();
  }
}

function rows(backend: string, many: Figures, one: Figures): BenchRow[] {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const s = (ms: number) => ms / 1000;
  const { startup } = many;
  return [
    {
      name: `${backend}: start-up of ${many.communities} communities, median of ${STARTS}: store opened, answers recovered, ${startup.timers} timers armed, catch-up idle (recovery ${s(startup.recoverMs).toFixed(2)} s, timers and catch-up ${s(startup.schedulesMs).toFixed(2)} s; catch-up of ${startup.catchUp.rounds} firings posted ${startup.catchUp.posted}, skipped ${startup.catchUp.skipped})`,
      value: s(startup.startupMs),
      unit: 's',
      baselineName: `1 community, ${one.startup.timers} timers`,
      baseline: s(one.startup.startupMs),
      target: '<= 1 community + 2 s',
      met: startup.startupMs <= one.startup.startupMs + 2000,
    },
    {
      name: `${backend}: RSS growth over start-up (RSS after: ${mb(startup.rssAfter).toFixed(0)} MB, 1 community: ${mb(one.startup.rssAfter).toFixed(0)} MB)`,
      value: mb(startup.rssAfter - startup.rssBefore),
      unit: 'MB',
      baselineName: '1 community',
      baseline: mb(one.startup.rssAfter - one.startup.rssBefore),
    },
    {
      name: `${backend}: store operations per firing with no community due (${many.idleDetail})`,
      value: many.idleOps,
      unit: 'ops',
      baselineName: '1 community',
      baseline: one.idleOps,
      target: 'O(1): no more than with 1 community',
      met: many.idleOps <= one.idleOps,
    },
    {
      name: `${backend}: firing that makes ${many.due} communities due, until all ${many.due} questions are handed to the adapter (whole round ${s(many.roundMs).toFixed(2)} s, ${many.dueOps} store ops)`,
      value: s(many.handedMs),
      unit: 's',
      baselineName: `1 community due, ${one.dueOps} store ops`,
      baseline: s(one.handedMs),
      target: '<= 5 s',
      met: many.handedMs <= 5000,
    },
  ];
}

export default async function bench(): Promise<void> {
  const content = await benchContent();
  const measured: BenchRow[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-communities-'));
  try {
    const one = await measure(content, `sqlite://${path.join(dir, 'one.sqlite')}`, 1);
    const many = await measure(content, `sqlite://${path.join(dir, 'many.sqlite')}`, MANY);
    measured.push(...rows('SQLite', many, one));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (hasRedis) {
    const onRedis = async (count: number) => {
      const server = await startRedis();
      try {
        return await measure(content, server.url, count);
      } finally {
        await server.stop();
      }
    };
    const one = await onRedis(1);
    const many = await onRedis(MANY);
    measured.push(...rows('Redis', many, one));
  } else {
    console.log('(redis-server not found: Redis figures skipped)');
  }
  printRows(`${MANY} communities on ${benchSchedules().length} schedules, beside 1 community`, measured);
}
