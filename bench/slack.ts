/**
 * Slack HTTP mode: `/define kubelet` requests per second through Bolt's HTTP
 * receiver, signed like Slack signs them, from a keep-alive load generator on
 * loopback. Beside it, in the same run, a bare Bolt app on the same kind of
 * receiver that acks every command with a constant: the cost of Bolt itself.
 * A second bare app acks with a constant as large as our answer, to show how
 * much of the difference is the size of the answer rather than the work behind it.
 *
 * The load generator runs in a child process (bench/slack-load-child.ts), so only
 * the apps share this process and its CPU time during a round is that app's. The
 * machine's speed drifts during a run, so the apps take turns in rounds (order
 * rotating) and the comparison is the median of the per-round ratios.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type RespondArguments } from '@slack/bolt';
import { boltLogger } from '../src/adapters/slack/bolt-logger.ts';
import { commandResponse } from '../src/adapters/slack/render.ts';
import { SlackAdapter } from '../src/adapters/slack/slack-adapter.ts';
import { commands } from '../commands/index.ts';
import { Dispatcher } from '../src/core/dispatcher.ts';
import { silentLogger } from '../src/core/logger.ts';
import { FakeSlack, formBody } from '../tests/fakes/fake-slack.ts';
import { SHIPPED_CONTENT, testStudy } from '../tests/support/study.ts';
import { reply, stopChild } from './child.ts';
import { type BenchRow, percentile, printRows, THROUGHPUT_TARGET } from './report.ts';
import type { LoadRequest, LoadResult } from './slack-load-child.ts';

const SECRET = 'bench-signing-secret';
const REQUESTS = 1500;
const WARMUP = 1000;
const CONCURRENCY = 32;
const ROUNDS = 6;
const USER = { id: 'U0BENCH', name: 'bench', real_name: 'Bench User', locale: 'en-US' };

const LOAD_TIMEOUT_MS = 60_000;

interface Run extends LoadResult {
  /** This process's CPU time per request during the run: only the target app is busy then. */
  cpuMicros: number;
}

interface Target {
  name: string;
  /** One request repeated, or several in turn. */
  body?: string[];
  url: string;
  /** A right answer contains every one of these. */
  contains: string[];
  runs: Run[];
}

/** The load generator in its own process: signing and reading answers are not charged to the apps. */
async function startLoadChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'slack-load-child.ts')], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await reply<{ ready: true }>(child, LOAD_TIMEOUT_MS);
    return child;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** Fires `total` signed requests with at most CONCURRENCY in flight; a response counts when it is the expected answer. */
async function load(child: ChildProcess, target: Target, body: string | string[], total: number): Promise<Run> {
  const request: LoadRequest = {
    url: target.url,
    bodies: typeof body === 'string' ? [body] : body,
    total,
    concurrency: CONCURRENCY,
    secret: SECRET,
    contains: target.contains,
  };
  const cpu = process.cpuUsage();
  child.send(request);
  const result = await reply<LoadResult>(child, LOAD_TIMEOUT_MS);
  const used = process.cpuUsage(cpu);
  return { ...result, cpuMicros: (used.user + used.system) / total };
}

/**
 * `BENCH_ONLY=<app>` (ours, bare, "bare, same-size answer", "ours, every term, no reuse") loads that
 * app alone, with nothing else busy in this process, so `node --cpu-prof` shows what it costs.
 */
const ONLY = process.env.BENCH_ONLY;

async function profileAlone(child: ChildProcess, target: Target, body: string | string[]): Promise<void> {
  await load(child, target, body, WARMUP);
  for (let round = 0; round < ROUNDS; round += 1) target.runs.push(await load(child, target, body, REQUESTS));
  printRows(`Slack HTTP receiver: ${target.name} alone (BENCH_ONLY)`, [
    { name: `${ROUNDS}×${REQUESTS} requests`, value: median(target.runs.map((run) => run.rps)), unit: 'req/s' },
    { name: 'app CPU per request', value: median(target.runs.map((run) => run.cpuMicros)), unit: 'µs' },
  ]);
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function bareApp(apiUrl: string, token: string, answer: RespondArguments): Promise<{ app: App; server: Server }> {
  const app = new App({
    token,
    receiver: new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', logger: boltLogger(silentLogger) }),
    clientOptions: { slackApiUrl: apiUrl },
    logger: boltLogger(silentLogger),
    deferInitialization: true,
    convoStore: false,
  });
  app.command(/^\/.+/, async ({ ack }) => {
    await ack(answer);
  });
  await app.init();
  return { app, server: (await app.start(0)) as Server };
}

export default async function bench(): Promise<void> {
  const fake = await FakeSlack.start({ users: [USER] });
  const { dispatcher, store } = await testStudy({ contentDir: SHIPPED_CONTENT });
  const adapter = new SlackAdapter({
    botToken: fake.botToken,
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    dispatcher,
    store,
    logger: silentLogger,
    defaultLocale: 'ko',
    port: 0,
  });
  // The same bot with reply reuse turned off, to show the cost of a search and a render.
  const noReuse = new Dispatcher(
    commands.map((command) => (command.pure ? { ...command, pure: false } : command)),
    dispatcher.study,
    silentLogger,
  );
  const fresh = new SlackAdapter({
    botToken: fake.botToken,
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    dispatcher: noReuse,
    store,
    logger: silentLogger,
    defaultLocale: 'ko',
    port: 0,
  });
  const sameSize = commandResponse(
    await dispatcher.command({
      kind: 'command',
      platform: 'slack',
      community: fake.teamId,
      channel: 'C0BENCH',
      command: 'define',
      options: { term: 'kubelet' },
      user: { id: USER.id, displayName: USER.real_name, locale: 'en', canManage: false },
    }),
  );
  const bares: Array<{ app: App; server: Server }> = [];
  let child: ChildProcess | undefined;
  try {
    child = await startLoadChild();
    await adapter.start();
    await fresh.start();
    bares.push(await bareApp(fake.apiUrl, fake.botToken, { response_type: 'in_channel', text: 'ok' }));
    bares.push(await bareApp(fake.apiUrl, fake.botToken, sameSize));
    const url = (port: number | undefined) => `http://127.0.0.1:${port}/slack/events`;
    const portOf = (server: Server) => (server.address() as AddressInfo).port;
    const ours: Target = { name: 'ours', url: url(adapter.httpPort()), contains: ['"in_channel"', 'kubelet'], runs: [] };
    const bare: Target = { name: 'bare', url: url(portOf(bares[0]!.server)), contains: ['"in_channel"'], runs: [] };
    const bareSameSize: Target = { name: 'bare, same-size answer', url: url(portOf(bares[1]!.server)), contains: ['kubelet'], runs: [] };
    const uncached: Target = { name: 'ours, every term, no reuse', url: url(fresh.httpPort()), contains: ['"in_channel"'], runs: [] };
    const targets = [bare, ours, bareSameSize, uncached];
    const command = (text: string) =>
      formBody({
        token: 'unused',
        team_id: fake.teamId,
        team_domain: 'bench',
        channel_id: 'C0BENCH',
        channel_name: 'bench',
        user_id: USER.id,
        user_name: USER.name,
        command: '/define',
        text,
        api_app_id: 'A0BENCH',
        response_url: fake.responseUrl(),
        trigger_id: '1.2.3',
      });
    const body = command('kubelet');
    // Every term and Korean name in turn, on a bot that never reuses a reply: each one searched and rendered.
    uncached.body = dispatcher.study.content.glossary.flatMap((entry) => [entry.term, entry.ko.name]).map(command);

    const alone = targets.find((target) => target.name === ONLY);
    if (ONLY !== undefined) {
      if (!alone) throw new Error(`BENCH_ONLY=${ONLY} names no app; one of: ${targets.map((target) => target.name).join(', ')}`);
      await profileAlone(child, alone, alone.body ?? body);
      return;
    }
    for (const target of targets) await load(child, target, target.body ?? body, WARMUP);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < targets.length; turn += 1) {
        const target = targets[(round + turn) % targets.length]!;
        target.runs.push(await load(child, target, target.body ?? body, REQUESTS));
      }
    }

    const rps = (target: Target) => median(target.runs.map((run) => run.rps));
    const cpu = (target: Target) => median(target.runs.map((run) => run.cpuMicros));
    const loadCpu = (target: Target) => median(target.runs.map((run) => run.loadCpuMicros));
    const ratio = median(ours.runs.map((run, round) => run.rps / bare.runs[round]!.rps));
    const latency = (target: Target, p: number) =>
      percentile(
        target.runs.flatMap((run) => run.latenciesMs),
        p,
      );
    const failures = [...ours.runs, ...uncached.runs].reduce((sum, run) => sum + run.failures, 0);
    const lookups = fake.callsTo('users.info').length;
    const rows: BenchRow[] = [
      {
        name: `/define kubelet, ${CONCURRENCY} concurrent, ${ROUNDS}×${REQUESTS}`,
        value: rps(ours),
        unit: 'req/s',
        baselineName: 'bare Bolt acking "ok"',
        baseline: rps(bare),
      },
      {
        name: 'rate vs bare (median of paired rounds)',
        value: ratio,
        unit: 'x',
        target: `>= ${THROUGHPUT_TARGET}x bare`,
        met: ratio >= THROUGHPUT_TARGET,
      },
      { name: 'app CPU per request', value: cpu(ours), unit: 'µs', baselineName: 'bare "ok"', baseline: cpu(bare) },
      { name: 'app CPU per request, bare acking our answer', value: cpu(bareSameSize), unit: 'µs', baselineName: 'bare "ok"', baseline: cpu(bare) },
      {
        name: "load generator's CPU per request (the far side: signing it, reading the answer)",
        value: loadCpu(ours),
        unit: 'µs',
        baselineName: 'bare "ok"',
        baseline: loadCpu(bare),
      },
      {
        name: `every term in turn (${uncached.body!.length}), searched and rendered each time`,
        value: rps(uncached),
        unit: 'req/s',
        baselineName: 'bare Bolt acking "ok"',
        baseline: rps(bare),
      },
      { name: 'its rate vs bare (median of paired rounds)', value: median(uncached.runs.map((run, round) => run.rps / bare.runs[round]!.rps)), unit: 'x' },
      { name: 'its ack latency p99', value: latency(uncached, 99), unit: 'ms', baselineName: 'bare', baseline: latency(bare, 99) },
      { name: 'bare Bolt acking a same-size constant', value: rps(bareSameSize), unit: 'req/s', baselineName: 'bare Bolt acking "ok"', baseline: rps(bare) },
      { name: 'ack latency p50', value: latency(ours, 50), unit: 'ms', baselineName: 'bare', baseline: latency(bare, 50) },
      {
        name: 'ack latency p99',
        value: latency(ours, 99),
        unit: 'ms',
        baselineName: 'bare',
        baseline: latency(bare, 99),
        target: 'p99 < 50 ms',
        met: latency(ours, 99) < 50,
      },
      { name: 'answers that were not the definition', value: failures, unit: 'requests', target: '0', met: failures === 0 },
      { name: 'users.info calls (locale cached; two bots)', value: lookups, unit: 'calls', target: '1 per bot', met: lookups === 2 },
    ];
    printRows('Slack HTTP receiver: signed /define requests answered in the ack', rows);
  } finally {
    if (child) await stopChild(child);
    await adapter.stop();
    await fresh.stop();
    for (const { app } of bares) await app.stop();
    await fake.close();
  }
}
