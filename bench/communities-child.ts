/**
 * One start-up in a process of its own, for a clean RSS figure in bench/communities.ts:
 * `node --expose-gc --import tsx bench/communities-child.ts <store url> <now ISO>`. It does
 * what main.ts does at start that reads the communities (upgrade, recovery, one timer per
 * schedule and each one's catch-up), prints one JSON line of figures and exits.
 */
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startCommunitySchedules } from '../src/schedule/community-schedules.ts';
import { type RoundReport, runRound } from '../src/schedule/round-job.ts';
import { createStore } from '../src/store/keyv-store.ts';
import { benchContent, benchStudy, CountingAdapter } from './communities-parts.ts';

export interface StartupFigures {
  /** From opening the store until every timer is armed and every catch-up has finished. */
  startupMs: number;
  recoverMs: number;
  schedulesMs: number;
  rssBefore: number;
  rssAfter: number;
  timers: number;
  catchUp: { rounds: number; communities: number; posted: number; skipped: number };
}

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage();
}

async function measure(url: string, now: string): Promise<StartupFigures> {
  const content = await benchContent();
  const clock = new ManualClock(now);
  const adapter = new CountingAdapter();
  const reports: RoundReport[] = [];
  const before = settle();
  const started = performance.now();
  const store = await createStore(url);
  const study = benchStudy(content, store, clock);
  await study.subscriptions.upgrade();
  await study.rounds.recoverAll(await study.communities.all());
  const recovered = performance.now();
  const schedules = startCommunitySchedules({
    communities: study.communities,
    clock,
    store,
    logger: silentLogger,
    distributed: store.kind === 'redis',
    job: async (scheduleKey, firing, signal) => {
      const report = await runRound(firing, { study, adapters: { discord: adapter }, scheduleKey, logger: silentLogger, signal });
      reports.push(report);
      return report;
    },
  });
  await schedules.idle();
  const done = performance.now();
  const after = settle();
  const timers = schedules.timers;
  await schedules.stop();
  await store.close();
  const sum = (pick: (report: RoundReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
  return {
    startupMs: done - started,
    recoverMs: recovered - started,
    schedulesMs: done - recovered,
    rssBefore: before.rss,
    rssAfter: after.rss,
    timers,
    catchUp: { rounds: reports.length, communities: sum((r) => r.communities), posted: sum((r) => r.posted), skipped: sum((r) => r.skipped) },
  };
}

const [url, now] = process.argv.slice(2);
measure(url ?? '', now ?? '').then(
  (figures) => {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`communities child: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
