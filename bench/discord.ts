/**
 * Discord over the gateway.
 *
 * Throughput: `/define kubelet` interactions per second through the fake gateway to our
 * adapter, counted as callbacks the fake receives, beside a bare discord.js client (same
 * intent, default options) that answers every interaction with `reply('ok')`, and a second
 * one that replies with our answer as a constant. Each client has a fake of its own in a
 * child process, so only the clients share this process; a window of interactions stays in
 * flight, as many users typing at once. The machine drifts during a run, so the clients
 * take turns in rounds and the comparison is the median of the per-round ratios.
 *
 * Memory: each client in a child process of its own, logged in to a fake with 1,000
 * servers (channels, roles and members in every GUILD_CREATE), measured after READY.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client, GatewayIntentBits, type InteractionReplyOptions } from 'discord.js';
import { DiscordAdapter } from '../src/adapters/discord/discord-adapter.ts';
import { renderMessage } from '../src/adapters/discord/render.ts';
import { silentLogger } from '../src/core/logger.ts';
import { GUILD } from '../tests/adapters/discord/harness.ts';
import { FakeDiscord, manyGuilds } from '../tests/fakes/fake-discord.ts';
import { testStudy } from '../tests/support/study.ts';
import { reply, stopChild } from './child.ts';
import type { DriveRequest, DriveResult } from './discord-fake-child.ts';
import { type BenchRow, percentile, printRows, THROUGHPUT_TARGET } from './report.ts';

/** Until the JIT has compiled both paths, the first thousands of answers say little. */
const WARMUP_ROUNDS = 2;
const PER_ROUND = 1000;
const ROUNDS = 8;
const WINDOW = 32;
const ROUND_TIMEOUT_MS = 15_000;
const MEMORY_GUILDS = 1000;
const CHILD_TIMEOUT_MS = 30_000;
const TITLE = 'kubelet · 큐블릿';

/** A fake Discord in a child process, driven over IPC. */
class RemoteFake {
  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
    readonly token: string,
  ) {}

  static async start(): Promise<RemoteFake> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, 'discord-fake-child.ts')], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const hello = await reply<{ apiUrl: string; token: string }>(child, CHILD_TIMEOUT_MS);
      return new RemoteFake(child, hello.apiUrl, hello.token);
    } catch (error) {
      await stopChild(child);
      throw error;
    }
  }

  async drive(count: number, expect: DriveRequest['expect']): Promise<DriveResult> {
    const request: DriveRequest = { drive: count, window: WINDOW, expect, timeoutMs: ROUND_TIMEOUT_MS };
    this.child.send(request);
    const result = await reply<DriveResult>(this.child, ROUND_TIMEOUT_MS + 1000);
    if (result.error) throw new Error(result.error);
    return result;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

interface Target {
  name: string;
  fake: RemoteFake;
  expect: DriveRequest['expect'];
  rates: number[];
  /** This process's CPU time per answer during the target's rounds: only that client is busy then. */
  cpuMicros: number[];
  /** The fake's CPU time per answer: the far side's cost of reading it. */
  fakeCpuMicros: number[];
  wrong: number;
}

/**
 * `BENCH_ONLY=<client>` (ours, bare, "bare, same-size answer") drives that client alone, with
 * nothing else busy in this process, so `node --cpu-prof` shows what it costs; the memory part is skipped.
 */
const ONLY = process.env.BENCH_ONLY;

async function profileAlone(target: Target): Promise<BenchRow[]> {
  await target.fake.drive(WARMUP_ROUNDS * 1.5 * PER_ROUND, target.expect);
  for (let round = 0; round < ROUNDS; round += 1) {
    const cpu = process.cpuUsage();
    const result = await target.fake.drive(PER_ROUND, target.expect);
    const used = process.cpuUsage(cpu);
    target.cpuMicros.push((used.user + used.system) / PER_ROUND);
    target.rates.push(result.rate);
  }
  return [
    { name: `${target.name} alone (BENCH_ONLY), ${ROUNDS}×${PER_ROUND}`, value: percentile(target.rates, 50), unit: 'interactions/s' },
    { name: 'client CPU per interaction', value: percentile(target.cpuMicros, 50), unit: 'µs' },
  ];
}

/** A discord.js client with the library's defaults that answers every interaction with one constant. */
async function bareClient(fake: RemoteFake, answer: string | InteractionReplyOptions): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on('interactionCreate', (interaction) => {
    if (interaction.isRepliable()) interaction.reply(answer).catch(() => undefined);
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}

async function throughput(): Promise<BenchRow[]> {
  const core = await testStudy();
  const fakes: RemoteFake[] = [];
  const clients: Client[] = [];
  let adapter: DiscordAdapter | undefined;
  try {
    for (let i = 0; i < 3; i += 1) fakes.push(await RemoteFake.start());
    const [oursFake, bareFake, sameSizeFake] = fakes as [RemoteFake, RemoteFake, RemoteFake];
    adapter = new DiscordAdapter({
      token: oursFake.token,
      apiUrl: oursFake.apiUrl,
      dispatcher: core.dispatcher,
      store: core.store,
      logger: silentLogger,
      defaultLocale: 'ko',
    });
    await adapter.start();
    // The same body our adapter sends, as a constant: how much of any gap is the size of the answer.
    const definition = renderMessage(
      await core.dispatcher.command({
        kind: 'command',
        platform: 'discord',
        community: GUILD.id,
        channel: GUILD.channels[0]!.id,
        command: 'define',
        options: { term: 'kubelet' },
        user: { id: '53908232506183680', displayName: 'Mason', locale: 'en', canManage: false },
      }),
    );
    clients.push(await bareClient(bareFake, 'ok'));
    clients.push(
      await bareClient(sameSizeFake, {
        embeds: definition.embeds,
        components: definition.components,
        flags: definition.flags,
        allowedMentions: definition.allowed_mentions,
      }),
    );
    const ours: Target = { name: 'ours', fake: oursFake, expect: { embedTitle: TITLE }, rates: [], cpuMicros: [], fakeCpuMicros: [], wrong: 0 };
    const bare: Target = { name: 'bare', fake: bareFake, expect: { content: 'ok' }, rates: [], cpuMicros: [], fakeCpuMicros: [], wrong: 0 };
    const sameSize: Target = {
      name: 'bare, same-size answer',
      fake: sameSizeFake,
      expect: { embedTitle: TITLE },
      rates: [],
      cpuMicros: [],
      fakeCpuMicros: [],
      wrong: 0,
    };
    const targets = [bare, ours, sameSize];
    if (ONLY !== undefined) {
      const alone = targets.find((target) => target.name === ONLY);
      if (!alone) throw new Error(`BENCH_ONLY=${ONLY} names no client; one of: ${targets.map((target) => target.name).join(', ')}`);
      return await profileAlone(alone);
    }
    for (let round = 0; round < WARMUP_ROUNDS; round += 1) for (const target of targets) await target.fake.drive(1.5 * PER_ROUND, target.expect);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < targets.length; turn += 1) {
        const target = targets[(round + turn) % targets.length]!;
        const cpu = process.cpuUsage();
        const result = await target.fake.drive(PER_ROUND, target.expect);
        const used = process.cpuUsage(cpu);
        target.cpuMicros.push((used.user + used.system) / PER_ROUND);
        target.rates.push(result.rate);
        target.fakeCpuMicros.push(result.cpuMicros);
        target.wrong += result.wrong;
      }
    }
    const median = (values: number[]) => percentile(values, 50);
    const ratio = median(ours.rates.map((rate, round) => rate / bare.rates[round]!));
    return [
      {
        name: `/define kubelet, ${WINDOW} in flight, ${ROUNDS}×${PER_ROUND}`,
        value: median(ours.rates),
        unit: 'interactions/s',
        baselineName: 'bare discord.js replying "ok"',
        baseline: median(bare.rates),
      },
      {
        name: 'rate vs bare (median of paired rounds)',
        value: ratio,
        unit: 'x',
        target: `>= ${THROUGHPUT_TARGET}x bare`,
        met: ratio >= THROUGHPUT_TARGET,
      },
      {
        name: 'bare discord.js replying our answer as a constant',
        value: median(sameSize.rates),
        unit: 'interactions/s',
        baselineName: 'bare "ok"',
        baseline: median(bare.rates),
      },
      { name: 'client CPU per interaction', value: median(ours.cpuMicros), unit: 'µs', baselineName: 'bare "ok"', baseline: median(bare.cpuMicros) },
      {
        name: 'client CPU per interaction, bare replying our answer',
        value: median(sameSize.cpuMicros),
        unit: 'µs',
        baselineName: 'bare "ok"',
        baseline: median(bare.cpuMicros),
      },
      {
        name: "fake's CPU per interaction (the far side: sending it, reading the answer)",
        value: median(ours.fakeCpuMicros),
        unit: 'µs',
        baselineName: 'bare "ok"',
        baseline: median(bare.fakeCpuMicros),
      },
      {
        name: "fake's CPU per interaction, bare replying our answer",
        value: median(sameSize.fakeCpuMicros),
        unit: 'µs',
        baselineName: 'bare "ok"',
        baseline: median(bare.fakeCpuMicros),
      },
      { name: 'answers that were not the definition', value: ours.wrong, unit: 'callbacks', target: '0', met: ours.wrong === 0 },
    ];
  } finally {
    await adapter?.stop();
    for (const client of clients) await client.destroy();
    for (const fake of fakes) await fake.stop();
  }
}

interface MemoryFigures {
  which: string;
  readyMs: number;
  rss: number;
  heapUsed: number;
  heapDelta: number;
  rssDelta: number;
  users?: number;
  members?: number;
}

function measureChild(which: 'ours' | 'default', fake: FakeDiscord): Promise<MemoryFigures> {
  const script = path.resolve(import.meta.dirname, 'discord-memory-child.ts');
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, which], {
    env: { PATH: process.env.PATH, DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: fake.token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<MemoryFigures>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`memory child ${which} gave no figures within ${CHILD_TIMEOUT_MS} ms`)), CHILD_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as MemoryFigures);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`memory child ${which} exited with ${code} before giving figures`));
    });
  }).finally(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });
}

async function memory(): Promise<BenchRow[]> {
  const fake = await FakeDiscord.start({ guilds: manyGuilds(MEMORY_GUILDS, { channels: 5, members: 10, roles: 4 }) });
  fake.record = false;
  try {
    const ours = await measureChild('ours', fake);
    const full = await measureChild('default', fake);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    return [
      {
        name: `heap used growth to READY, ${MEMORY_GUILDS} servers`,
        value: mb(ours.heapDelta),
        unit: 'MB',
        baselineName: 'discord.js default caches',
        baseline: mb(full.heapDelta),
        target: '< default caches',
        met: ours.heapDelta < full.heapDelta,
      },
      { name: 'RSS growth to READY', value: mb(ours.rssDelta), unit: 'MB', baselineName: 'discord.js default caches', baseline: mb(full.rssDelta) },
      {
        name: 'process RSS after READY (ours includes the loaded core)',
        value: mb(ours.rss),
        unit: 'MB',
        baselineName: 'discord.js default caches',
        baseline: mb(full.rss),
      },
      { name: 'process RSS after READY, ours vs default', value: ours.rss / full.rss, unit: 'x' },
      { name: 'users cached by the default client (ours keeps only the bot)', value: full.users ?? 0, unit: 'users' },
      { name: 'members cached by the default client', value: full.members ?? 0, unit: 'members' },
      { name: 'time from login to READY with every server', value: ours.readyMs, unit: 'ms', baselineName: 'default', baseline: full.readyMs },
    ];
  } finally {
    await fake.close();
  }
}

export default async function bench(): Promise<void> {
  printRows('Discord gateway: /define interactions answered in the callback', await throughput());
  if (ONLY === undefined) printRows('Discord memory after READY (separate processes)', await memory());
}
