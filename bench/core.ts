/**
 * Core figures: /define latency, answer-recording throughput and /leaderboard
 * latency at 100,000 users, each beside a bare Keyv get/set loop on the same
 * backend in the same process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis from '@keyv/redis';
import { commands } from '../commands/index.ts';
import { loadContent } from '../src/content/loader.ts';
import type { Content, GlossaryEntry } from '../src/content/schema.ts';
import { ManualClock } from '../src/core/clock.ts';
import { createStudy } from '../src/core/create-study.ts';
import { Dispatcher } from '../src/core/dispatcher.ts';
import { periodBoardReply } from '../src/core/period-board-reply.ts';
import { applyPeriodResult, emptyPeriodBoard } from '../src/core/period-boards.ts';
import { applyResult, emptyBucket, emptyTotals, type RoundBoards, readLeaderboard } from '../src/core/leaderboard.ts';
import { keys, NS } from '../src/store/keys.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { CommandRequest } from '../src/core/request.ts';
import { newStats } from '../src/core/stats.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { createStore } from '../src/store/keyv-store.ts';
import type { Store } from '../src/store/store.ts';
import { hasRedis, startRedis } from '../tests/support/redis.ts';
import { type BenchRow, percentile, printRows } from './report.ts';

const schedule = cronSchedule('0 9 * * *', 'Asia/Seoul');

async function timeEach(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function throughput(total: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await work(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function generatedGlossary(size: number): GlossaryEntry[] {
  const syllables = ['ku', 'be', 'let', 'pod', 'node', 'dae', 'mon', 'set', 'con', 'trol', 'plane', 'ser', 'vice', 'ing', 'ress'];
  const hangul = ['큐', '블', '릿', '파', '드', '노', '데', '몬', '셋', '컨', '트', '롤', '서', '비', '스'];
  return Array.from({ length: size }, (_, i) => {
    const pick = (list: string[], n: number) => Array.from({ length: 3 }, (_, k) => list[(i * 7 + k * 13 + n) % list.length]).join('');
    const term = `${pick(syllables, 0)}-${i}`;
    return {
      id: `gen-${i}`,
      term,
      aliases: [`${pick(hangul, 1)}${i}`],
      ko: { name: `${pick(hangul, 2)}${i}`, short: '생성된 항목.' },
      en: { short: 'A generated entry.' },
      related: [],
      source: '1.1',
      links: [],
      file: 'generated',
      line: i + 1,
    };
  });
}

async function defineLatency(content: Content, label: string): Promise<BenchRow[]> {
  const study = createStudy({ content, store: await createStore('memory://'), clock: new ManualClock('2026-11-28T00:00:00Z'), schedule, defaultLocale: 'ko' });
  // Every query is searched and its reply built, as the first time it is asked; the
  // dispatcher's reuse of pure replies is measured on its own row.
  const uncached = commands.map((command) => (command.pure ? { ...command, pure: false } : command));
  const dispatcher = new Dispatcher(uncached, study, silentLogger);
  const reusing = new Dispatcher(commands, study, silentLogger);
  const entries = content.glossary;
  const queries = entries.flatMap((entry, i) => {
    const typo = entry.term.length > 4 ? `${entry.term.slice(0, 2)}${entry.term[3]}${entry.term[2]}${entry.term.slice(4)}` : entry.term;
    return i % 4 === 0 ? [entry.term, entry.ko.name, typo] : [entry.term, entry.ko.name];
  });
  const request = (term: string): CommandRequest => ({
    kind: 'command',
    platform: 'console',
    community: 'bench',
    channel: 'bench',
    command: 'define',
    options: { term },
    user: { id: 'u', displayName: 'u', locale: 'ko', canManage: false },
  });
  const count = Math.min(5000, Math.max(2000, queries.length));
  for (let i = 0; i < 200; i += 1) await dispatcher.command(request(queries[i % queries.length]!));
  const samples = await timeEach(count, (i) => dispatcher.command(request(queries[i % queries.length]!)));
  for (const query of queries) await reusing.command(request(query));
  const reused = await timeEach(count, (i) => reusing.command(request(queries[i % queries.length]!)));
  const keyv = new Keyv();
  const baseline = await timeEach(count, async (i) => {
    await keyv.set(`k${i}`, i);
    return keyv.get(`k${i}`);
  });
  const p99 = percentile(samples, 99);
  return [
    {
      name: `/define p50 (${label}, ${entries.length} terms)`,
      value: percentile(samples, 50),
      unit: 'ms',
      baselineName: 'Keyv memory get+set',
      baseline: percentile(baseline, 50),
    },
    {
      name: `/define p99 (${label}, ${entries.length} terms)`,
      value: p99,
      unit: 'ms',
      baselineName: 'Keyv memory get+set',
      baseline: percentile(baseline, 99),
      target: 'p99 < 1 ms',
      met: p99 < 1,
    },
    {
      name: `/define p99 asked before, reply reused (${label})`,
      value: percentile(reused, 99),
      unit: 'ms',
      baselineName: 'Keyv memory get+set',
      baseline: percentile(baseline, 99),
    },
  ];
}

async function recording(store: Store, bare: Keyv, label: string, content: Content): Promise<BenchRow> {
  const study = createStudy({ content, store, clock: new ManualClock('2026-11-28T00:00:00Z'), schedule, defaultLocale: 'ko' });
  const community = { platform: 'bench', community: `${label}:${Date.now()}` };
  await study.rounds.open(community, 'r1');
  const total = 5000;
  const rate = await throughput(total, 64, (i) => study.rounds.answer(community, 'r1', { id: `u${i}`, name: `User ${i}` }, 'ABCD'[i % 4] as 'A'));
  const round = await study.rounds.round(community, 'r1');
  if (round?.answered !== total) throw new Error(`lost answers on ${label}: ${round?.answered} of ${total}`);
  const baseline = await throughput(total, 64, (i) => bare.set(`bare:${label}:${i}`, { i }));
  const target = label === 'sqlite' ? 1000 : undefined;
  return {
    name: `answers recorded/s (${label}, ${total} users, 0 lost)`,
    value: rate,
    unit: '/s',
    baselineName: 'bare Keyv set',
    baseline,
    ...(target ? { target: `>= ${target}/s`, met: rate >= target } : {}),
  };
}

async function leaderboard(store: Store, bare: Keyv, label: string, content: Content): Promise<BenchRow[]> {
  const ref = { platform: 'lb', community: `${label}:${Date.now()}` };
  const users = 100_000;
  const rounds = 3;
  const state = Array.from({ length: users }, () => ({ streak: 0, lastSeq: 0, correct: 0, seen: false }));
  // The boards as the answer applier leaves them, built in memory and written once: the figure
  // is the read, and 300,000 answers through the whole path would only slow the setup.
  const boards: RoundBoards = { buckets: new Map(), totals: emptyTotals() };
  const week = emptyPeriodBoard();
  const month = emptyPeriodBoard();
  const scores = Array.from({ length: users }, () => ({ c: 0, w: 0, at: '' }));
  for (let seq = 1; seq <= rounds; seq += 1) {
    boards.buckets.set(seq, emptyBucket());
    for (let i = 0; i < users; i += 1) {
      if ((i * 31 + seq) % 5 === 0) continue;
      const s = state[i]!;
      const ok = (i * 17 + seq * 7) % 3 !== 0;
      const before = s.seen ? { streak: s.streak, lastSeq: s.lastSeq, correct: s.correct } : undefined;
      const alive = s.streak > 0 && s.lastSeq === seq - 1;
      s.streak = ok ? (alive ? s.streak + 1 : 1) : 0;
      if (ok) {
        s.lastSeq = seq;
        s.correct += 1;
      }
      s.seen = true;
      applyResult(boards, { seq, userId: `u${i}`, name: `User ${i}`, before, after: { streak: s.streak, correct: s.correct } }, { seq, idx: i + 1 });
      const was = scores[i]!.at ? { ...scores[i]! } : undefined;
      const now = { c: scores[i]!.c + (ok ? 1 : 0), w: scores[i]!.w + (ok ? 0 : 1), at: `2026-11-2${5 + seq}T00:00:${String(i % 60).padStart(2, '0')}Z` };
      scores[i] = now;
      for (const board of [week, month]) applyPeriodResult(board, { userId: `u${i}`, name: `User ${i}`, before: was, after: now }, { seq, idx: i + 1 });
    }
  }
  for (const [seq, bucket] of boards.buckets) await store.set(NS.board, keys.board(ref, seq), bucket);
  await store.set(NS.boardTotals, keys.community(ref), boards.totals);
  await store.set(NS.periodBoard, keys.period(ref, '2026-W48'), week);
  await store.set(NS.periodBoard, keys.period(ref, '2026-11'), month);
  await throughput(users, 256, (i) =>
    store.set(NS.stats, keys.member(ref, `u${i}`), { ...newStats(`u${i}`, `User ${i}`), correct: state[i]!.correct, periods: { '2026-W48': scores[i]!, '2026-11': scores[i]! } }),
  );
  const samples = await timeEach(300, (i) => {
    const me = state[(i * 331) % users]!;
    return readLeaderboard(store, ref, rounds, { u: `u${(i * 331) % users}`, n: 'me', s: me.streak, c: me.correct });
  });
  const baseline = await timeEach(300, async (i) => {
    await bare.set(`lbbare:${i}`, i);
    return bare.get(`lbbare:${i}`);
  });
  const p95 = percentile(samples, 95);
  // The period boards as /leaderboard week and month read them: the plan, the caller's stats, one board record.
  const study = createStudy({ content, store, clock: new ManualClock('2026-11-28T12:00:00Z'), schedule, defaultLocale: 'ko' });
  const periodRow = async (kind: 'week' | 'month') => {
    const timed = await timeEach(300, (i) => periodBoardReply(study, ref, { id: `u${(i * 331) % users}`, locale: 'ko' }, kind, undefined));
    const value = percentile(timed, 95);
    return { name: `/leaderboard ${kind} p95 (${label}, ${users} users with stats)`, value, unit: 'ms', baselineName: 'bare Keyv get+set', baseline: percentile(baseline, 95), target: 'p95 < 50 ms', met: value < 50 };
  };
  return [
    { name: `/leaderboard p95 (${label}, ${users} users)`, value: p95, unit: 'ms', baselineName: 'bare Keyv get+set', baseline: percentile(baseline, 95), target: 'p95 < 50 ms', met: p95 < 50 },
    await periodRow('week'),
    await periodRow('month'),
  ];
}

export default async function bench(): Promise<void> {
  const shipped = await loadContent(path.resolve('content'));
  // The recording figures need a question bank; the fixture stands in while content/ has none.
  const bank = shipped.trivia.length > 0 ? shipped : await loadContent(path.resolve('tests/fixtures/content'));
  const defineRows = [
    ...(await defineLatency(shipped, 'shipped')),
    ...(await defineLatency({ glossary: generatedGlossary(5000), trivia: [], sections: new Map(), book: shipped.book }, 'generated')),
  ];
  printRows('/define latency (in process)', defineRows);

  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-bench-'));
  const rows: BenchRow[] = [];
  const lbRows: BenchRow[] = [];
  try {
    const sqliteFile = path.join(dir, 'bench.sqlite');
    const sqlite = await createStore(`sqlite://${sqliteFile}`);
    const bareSqliteAdapter = new KeyvSqlite({ uri: `sqlite://${path.join(dir, 'bare.sqlite')}` });
    await bareSqliteAdapter.query('PRAGMA journal_mode=WAL');
    await bareSqliteAdapter.query('PRAGMA synchronous=NORMAL');
    const bareSqlite = new Keyv({ store: bareSqliteAdapter });
    rows.push(await recording(sqlite, bareSqlite, 'sqlite', bank));
    lbRows.push(...(await leaderboard(sqlite, bareSqlite, 'sqlite', bank)));
    await sqlite.close();
    await bareSqlite.disconnect();
    if (hasRedis) {
      const server = await startRedis();
      try {
        const redis = await createStore(server.url);
        const bareRedis = new Keyv({ store: new KeyvRedis(server.url) });
        rows.push(await recording(redis, bareRedis, 'redis', bank));
        lbRows.push(...(await leaderboard(redis, bareRedis, 'redis', bank)));
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
  printRows('Answer recording (one round, 64 concurrent presses)', rows);
  printRows('/leaderboard at 100,000 users', lbRows);
}
