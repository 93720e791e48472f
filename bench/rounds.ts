/**
 * Daily-round figures: a burst of 10,000 presses on one round, recorded on
 * SQLite and on Redis and counted afterwards, beside a bare Keyv set loop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { commands } from '../commands/index.ts';
import { loadContent } from '../src/content/loader.ts';
import { ManualClock } from '../src/core/clock.ts';
import { createStudy } from '../src/core/create-study.ts';
import { Dispatcher } from '../src/core/dispatcher.ts';
import { silentLogger } from '../src/core/logger.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { createStore } from '../src/store/keyv-store.ts';
import type { Store } from '../src/store/store.ts';
import { hasRedis, startRedis } from '../tests/support/redis.ts';
import { type BenchRow, printRows } from './report.ts';
import fanout from './rounds-fanout.ts';

const PRESSES = 10_000;
const CONCURRENCY = 128;

async function pool(total: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await work(next++);
  }));
  return total / ((performance.now() - started) / 1000);
}

async function burst(store: Store, bare: Keyv, label: string, target: number): Promise<BenchRow> {
  const content = await loadContent(path.resolve('content'));
  const bank = content.trivia.length > 0 ? content : await loadContent(path.resolve('tests/fixtures/content'));
  const study = createStudy({ content: bank, store, clock: new ManualClock('2026-11-28T00:00:00Z'), schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' });
  const dispatcher = new Dispatcher(commands, study, silentLogger);
  const community = `burst${Date.now()}`;
  // A round id that is a date, so its answers count on the week's and the month's boards too.
  const roundId = '2026-11-28';
  await study.rounds.open(`discord:${community}`, roundId);
  const rate = await pool(PRESSES, CONCURRENCY, (i) =>
    dispatcher.action({
      kind: 'action',
      platform: 'discord',
      community,
      channel: 'c1',
      action: 'quiz.round',
      payload: `${roundId}:${'ABCD'[i % 4]}`,
      user: { id: `u${i}`, displayName: `User ${i}`, locale: 'ko', canManage: false },
    }),
  );
  const round = await study.rounds.round(`discord:${community}`, roundId);
  const tallied = Object.values(round?.tally ?? {}).reduce((a, b) => a + b, 0);
  let withStats = 0;
  for (let i = 0; i < PRESSES; i += 500) {
    const ids = Array.from({ length: Math.min(500, PRESSES - i) }, (_, k) => `discord:${community}:u${i + k}`);
    withStats += (await store.getMany('stats', ids)).filter((s) => s !== undefined).length;
  }
  // Every board the answers count on: the streak board's bucket and totals, the week's, the month's, all time.
  const bucket = await store.get<{ count: number }>('board', `discord:${community}:${round?.seq}`);
  const totals = await store.get<{ users: number }>('boardtotals', `discord:${community}`);
  const periods = await store.getMany<{ count: number; hist: Record<string, number> }>('periodboard', ['2026-W48', '2026-11', 'all'].map((id) => `discord:${community}:${id}`));
  const onBoards = [totals?.users ?? 0, ...periods.map((board) => board?.count ?? 0), ...periods.map((board) => Object.values(board?.hist ?? {}).reduce((a, b) => a + b, 0))];
  const rightOnStreakBoard = (bucket?.count ?? 0) === (round?.right ?? -1);
  const lost = PRESSES - Math.min(round?.answered ?? 0, tallied, withStats, ...onBoards) + (rightOnStreakBoard ? 0 : 1);
  const baseline = await pool(PRESSES, CONCURRENCY, (i) => bare.set(`bare-burst:${label}:${i}`, { i }));
  return {
    name: `burst of ${PRESSES} presses (${label}): answered ${round?.answered}, tallied ${tallied}, stats ${withStats}, on every board (streak, week, month, all) ${Math.min(...onBoards)}, lost ${lost}`,
    value: rate,
    unit: 'answers/s',
    baselineName: 'bare Keyv set',
    baseline,
    target: `>= ${target}/s, none lost`,
    met: rate >= target && lost === 0,
  };
}

export default async function bench(): Promise<void> {
  const rows: BenchRow[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-rounds-bench-'));
  try {
    const sqlite = await createStore(`sqlite://${path.join(dir, 'burst.sqlite')}`);
    const bareAdapter = new KeyvSqlite({ uri: `sqlite://${path.join(dir, 'bare.sqlite')}` });
    await bareAdapter.query('PRAGMA journal_mode=WAL');
    await bareAdapter.query('PRAGMA synchronous=NORMAL');
    const bareSqlite = new Keyv({ store: bareAdapter });
    rows.push(await burst(sqlite, bareSqlite, 'sqlite', 1000));
    await sqlite.close();
    await bareSqlite.disconnect();
    if (hasRedis) {
      const server = await startRedis();
      try {
        const redis = await createStore(server.url);
        const bareRedis = new Keyv({ store: new KeyvRedis(server.url) });
        rows.push(await burst(redis, bareRedis, 'redis', 5000));
        await redis.close();
        await bareRedis.disconnect();
      } finally {
        await server.stop();
      }
    } else {
      console.log('(redis-server not found: Redis figures skipped)');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  printRows('Answers during a burst on one round', rows);
  await fanout();
}
