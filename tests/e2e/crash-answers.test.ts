/**
 * kill -9 in the middle of a burst of presses, on SQLite and on Redis, then a restart: every
 * view of the answers (what each user was told, the round's tally, the users' stats, the
 * leaderboard) must agree, with nobody lost and nobody counted twice.
 */
import { rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createStudy } from '../../src/core/create-study.ts';
import { readLeaderboard } from '../../src/core/leaderboard.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { FakeSlack, postSigned } from '../fakes/fake-slack.ts';
import { killSpawned } from '../support/process.ts';
import { redisAvailability, startRedis } from '../support/redis.ts';
import { press, SECRET, startBot } from '../support/slack-bot.ts';
import { FIXTURE_CONTENT } from '../support/study.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  killSpawned();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const USERS = Array.from({ length: 400 }, (_, i) => `U${String(i).padStart(4, '0')}`);
const LANES = 16;
/** Where in each burst the bot is killed: early, in the middle, late. */
const KILL_AT = [40, 200, 360];

const studyOn = async (storeUrl: string) => {
  const content = await loadContent(FIXTURE_CONTENT);
  const store = await createStore(storeUrl);
  return { store, study: createStudy({ content, store, clock: systemClock, schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' }) };
};

type Told = 'recorded' | 'already';

function toldOf(body: unknown): Told | undefined {
  const text = JSON.stringify(body);
  if (text.includes('답을 기록했어요')) return 'recorded';
  if (text.includes('이미 이 라운드에 답했어요')) return 'already';
  return undefined;
}

async function crashAndCompare(storeUrl: string) {
  const fake = await FakeSlack.start();
  cleanups.push(() => fake.close());
  const community = { platform: 'slack', community: fake.teamId };
  const seed = await studyOn(storeUrl);
  await seed.study.rounds.open(community, 'r1');
  await seed.store.close();

  const told = new Map<string, Set<Told>>();
  const env = { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, STORE_URL: storeUrl };
  let acknowledged = 0;
  for (const killAt of KILL_AT) {
    const bot = await startBot(env);
    const agent = new Agent({ keepAlive: true, maxSockets: LANES });
    const urls = new Map<string, string>();
    let sent = 0;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let i = lane; i < USERS.length; i += LANES) {
          const user = USERS[i]!;
          sent += 1;
          if (sent === killAt) bot.child.kill('SIGKILL');
          const url = fake.responseUrl();
          urls.set(user, url);
          const response = await postSigned(`${bot.base}/slack/events`, press(fake, user, `quiz.round|r1:${'ABCD'[i % 4]}`, url), { secret: SECRET, agent }).catch(() => undefined);
          if (response?.status === 200) acknowledged += 1;
        }
      }),
    );
    await bot.exited;
    agent.destroy();
    for (const [user, url] of urls) {
      for (const body of fake.responsesTo(url)) {
        const what = toldOf(body);
        if (what) told.set(user, new Set([...(told.get(user) ?? []), what]));
      }
    }
  }

  // A restart counts whatever the crashes left uncounted, before it takes any work.
  const restarted = await startBot(env);
  restarted.child.kill('SIGTERM');
  expect(await restarted.exited).toBe(0);

  const after = await studyOn(storeUrl);
  cleanups.push(() => after.store.close());
  const logged = new Set((await after.store.answers.after(`slack:${fake.teamId}:r1`, 0, 10_000)).map((entry) => entry.user));
  const round = (await after.study.rounds.round(community, 'r1'))!;
  const stats = await Promise.all(USERS.map((user) => after.study.rounds.stats(community, user)));
  const withStats = new Set(USERS.filter((_, i) => (stats[i]?.answered ?? 0) > 0));
  const board = await readLeaderboard(after.store, community, 1, undefined, 1000);
  const boardUsers = new Set(board.rows.map((row) => row.u));
  const toldUsers = [...told.keys()];
  const lost = toldUsers.filter((user) => !logged.has(user) || !withStats.has(user));
  const figures = {
    acknowledged,
    told: toldUsers.length,
    logged: logged.size,
    tally: round.answered,
    stats: withStats.size,
    board: board.total,
    lost: lost.length,
    doubleCounted: Math.max(0, round.answered - logged.size) + Math.max(0, board.total - logged.size),
  };
  process.stdout.write(`crash figures (${storeUrl.split(':')[0]}): ${JSON.stringify(figures)}\n`);

  expect(toldUsers.length).toBeGreaterThan(0);
  expect(lost).toEqual([]);
  expect(round.answered).toBe(logged.size);
  expect(Object.values(round.tally).reduce((sum, count) => sum + count, 0)).toBe(logged.size);
  expect([...withStats].sort()).toEqual([...logged].sort());
  expect(board.total).toBe(logged.size);
  // Every player of round 1 with a right answer has a live streak on the board, once.
  expect((await after.store.get<{ count: number }>('board', `slack:${fake.teamId}:1`))?.count ?? 0).toBe(round.right);
  expect([...boardUsers].every((user) => logged.has(user))).toBe(true);
  // Nobody was told both: an answer that was recorded is what a second press reports.
  for (const [user, what] of told) if (what.has('already')) expect(logged.has(user), user).toBe(true);
}

const { skip: noRedis } = redisAvailability();

describe('a crash in the middle of a burst of answers', () => {
  it('GIVEN kill -9 early, midway and late in bursts of 400 presses on SQLite THEN after a restart every user told recorded or already is in the tally, the stats and the board exactly once', async () => {
    const dir = path.join(tmpdir(), `studybot-crash-${process.pid}-${Date.now()}`);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await crashAndCompare(`sqlite://${path.join(dir, 'bot.sqlite')}`);
  }, 120_000);

  it.skipIf(noRedis)('GIVEN kill -9 early, midway and late in bursts of 400 presses on Redis THEN after a restart every user told recorded or already is in the tally, the stats and the board exactly once', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    await crashAndCompare(redis.url);
  }, 120_000);
});
