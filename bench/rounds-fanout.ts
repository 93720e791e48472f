/**
 * A daily round fanned out to 1,000 subscribed channels through the real adapters
 * (discord.js, Bolt's Web API client) against the fake Discord and fake Slack, each
 * enforcing its platform's documented rate limits with 429 + Retry-After and, on
 * Discord, the X-RateLimit-* headers. The clock is real: every wait the limits impose
 * is in the figures. The baseline is the least time the limits allow for those requests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commands } from '../commands/index.ts';
import type { Adapter } from '../src/adapters/adapter.ts';
import { DiscordAdapter } from '../src/adapters/discord/discord-adapter.ts';
import { SlackAdapter } from '../src/adapters/slack/slack-adapter.ts';
import { loadContent } from '../src/content/loader.ts';
import { ManualClock } from '../src/core/clock.ts';
import { createStudy } from '../src/core/create-study.ts';
import { Dispatcher } from '../src/core/dispatcher.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { Platform } from '../src/core/request.ts';
import type { Study } from '../src/core/study.ts';
import { cronSchedule } from '../src/schedule/cron-schedule.ts';
import { type RoundReport, runRound } from '../src/schedule/round-job.ts';
import { createStore } from '../src/store/keyv-store.ts';
import { FakeDiscord } from '../tests/fakes/fake-discord.ts';
import { FakeSlack } from '../tests/fakes/fake-slack.ts';
import { type BenchRow, printRows } from './report.ts';

const CHANNELS = 1_000;
const TARGET_S = 60;
const DISCORD_LIMITS = { globalPerSecond: 50, perChannelRoute: { limit: 5, windowMs: 5_000 } };
const SLACK_LIMITS = { postMessagePerChannelPerSecond: 1, updatePerMinute: 50 };
const FIRST = new Date('2026-11-28T00:00:00Z');
const SECOND = new Date('2026-11-29T00:00:00Z');

interface Timed {
  report: RoundReport;
  /** Seconds from the firing until the last new question was posted. */
  postsDone: number;
  /** Seconds until the whole round (reveals included) was done. */
  allDone: number;
}

async function timedRound(study: Study, platform: Platform, adapter: Adapter, firing: Date, patienceMs?: number): Promise<Timed> {
  let posted = 0;
  let postsDone = Number.NaN;
  const started = performance.now();
  const report = await runRound(firing, {
    study,
    adapters: { [platform]: adapter },
    logger: silentLogger,
    ...(patienceMs === undefined ? {} : { rateLimitPatienceMs: patienceMs }),
    onPosted: () => {
      posted += 1;
      if (posted === CHANNELS) postsDone = (performance.now() - started) / 1000;
    },
  });
  return { report, postsDone, allDone: (performance.now() - started) / 1000 };
}

async function studyOn(dir: string, name: string): Promise<{ study: Study; dispatcher: Dispatcher; close: () => Promise<void> }> {
  const content = await loadContent(path.resolve('content'));
  const store = await createStore(`sqlite://${path.join(dir, `${name}.sqlite`)}`);
  const study = createStudy({ content, store, clock: new ManualClock(FIRST), schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' });
  return { study, dispatcher: new Dispatcher(commands, study, silentLogger), close: () => store.close() };
}

async function subscribeAll(study: Study, platform: Platform, community: string, prefix: string): Promise<void> {
  for (let i = 0; i < CHANNELS; i += 1) await study.subscriptions.subscribe({ platform, community, channel: `${prefix}${i}` }, study.clock.now());
}

function rows(platform: string, first: Timed, second: Timed, floors: { post?: number; round?: number }, notes: { limited: string }): BenchRow[] {
  const fmt = (timed: Timed) => `posted ${timed.report.posted}, failed ${timed.report.failed}, revealed ${timed.report.revealed}`;
  return [
    {
      name: `${platform}: first round, ${CHANNELS} questions posted (${fmt(first)})`,
      value: first.postsDone,
      unit: 's',
      ...(floors.post === undefined ? {} : { baselineName: 'least the limits allow', baseline: floors.post }),
      target: `< ${TARGET_S} s`,
      met: first.postsDone < TARGET_S && first.report.posted === CHANNELS,
    },
    {
      name: `${platform}: next round, ${CHANNELS} questions posted while ${CHANNELS} reveals run (${fmt(second)})`,
      value: second.postsDone,
      unit: 's',
      ...(floors.round === undefined ? {} : { baselineName: 'least the limits allow', baseline: floors.round }),
      target: `< ${TARGET_S} s`,
      met: second.postsDone < TARGET_S && second.report.posted === CHANNELS,
    },
    { name: `${platform}: next round, reveals included, done; ${notes.limited}`, value: second.allDone, unit: 's' },
  ];
}

async function discord(dir: string): Promise<BenchRow[]> {
  const fake = await FakeDiscord.start({ limits: DISCORD_LIMITS, guilds: [{ id: '900000000000000001', name: 'study', channels: [], members: 0, roles: 0 }] });
  fake.record = false;
  const core = await studyOn(dir, 'discord');
  const adapter = new DiscordAdapter({
    token: fake.token,
    apiUrl: fake.apiUrl,
    guildId: '900000000000000001',
    dispatcher: core.dispatcher,
    store: core.study.store,
    logger: silentLogger,
    defaultLocale: 'ko',
  });
  try {
    await adapter.start();
    await subscribeAll(core.study, 'discord', '900000000000000001', '7100000000000');
    const first = await timedRound(core.study, 'discord', adapter, FIRST);
    const second = await timedRound(core.study, 'discord', adapter, SECOND);
    // Every post and edit spends one request of the global 50 per second.
    const floors = { post: CHANNELS / DISCORD_LIMITS.globalPerSecond, round: (2 * CHANNELS) / DISCORD_LIMITS.globalPerSecond };
    return rows('Discord', first, second, floors, { limited: `429s answered: global ${fake.limited.global}, per route ${fake.limited.route}` });
  } finally {
    await adapter.stop();
    await fake.close();
    await core.close();
  }
}

async function slack(dir: string): Promise<BenchRow[]> {
  const fake = await FakeSlack.start({ limits: SLACK_LIMITS });
  const core = await studyOn(dir, 'slack');
  const adapter = new SlackAdapter({
    botToken: fake.botToken,
    appToken: fake.appToken,
    apiUrl: fake.apiUrl,
    dispatcher: core.dispatcher,
    store: core.study.store,
    logger: silentLogger,
    defaultLocale: 'ko',
    port: 0,
  });
  try {
    await adapter.start();
    await subscribeAll(core.study, 'slack', fake.teamId, 'C0');
    const first = await timedRound(core.study, 'slack', adapter, FIRST);
    // chat.update is Tier 3, about 50 a minute per workspace: 1,000 reveals in one workspace
    // take some 20 minutes whatever we do. Here a reveal gives up at its first 429, so the
    // run measures the posts beside a minute's worth of reveals rather than waiting it out.
    const second = await timedRound(core.study, 'slack', adapter, SECOND, 0);
    // One post per channel fits its 1/s channel limit, and Slack publishes no number for the
    // workspace-wide one, so there is no floor to print beside these.
    const floors = {};
    const revealMinutes = Math.ceil(CHANNELS / SLACK_LIMITS.updatePerMinute);
    return rows('Slack', first, second, floors, {
      limited: `429s answered: ${JSON.stringify(Object.fromEntries(fake.limited))}; at Tier 3 all ${CHANNELS} reveals need about ${revealMinutes} min`,
    });
  } finally {
    await adapter.stop();
    await fake.close();
    await core.close();
  }
}

export default async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'studybot-fanout-'));
  try {
    const measured = [...(await discord(dir)), ...(await slack(dir))];
    printRows(`A round to ${CHANNELS} channels under the platforms' rate limits (real time)`, measured);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
