/**
 * The bot as a process, as Kubernetes runs it: Slack in HTTP mode against the fake Slack,
 * the HTTP server on PORT with /healthz, /readyz and /metrics, and SIGTERM.
 */
import { rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killSpawned } from '../support/process.ts';
import { press, SECRET, slashCommand, startBot } from '../support/slack-bot.ts';
import { loadContent } from '../../src/content/loader.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createStudy } from '../../src/core/create-study.ts';
import { cronSchedule } from '../../src/schedule/cron-schedule.ts';
import { createStore } from '../../src/store/keyv-store.ts';
import { FakeSlack, postSigned } from '../fakes/fake-slack.ts';
import { redisAvailability, startRedis } from '../support/redis.ts';
import { FIXTURE_CONTENT } from '../support/study.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  killSpawned();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const { skip: noRedis } = redisAvailability();

describe('the bot as a running service', () => {
  it.skipIf(noRedis)('GIVEN Slack in HTTP mode on Redis THEN /healthz and /readyz answer, /metrics counts a /define AND /readyz turns 503 naming the store once Redis is gone', async () => {
    const fake = await FakeSlack.start({ users: [{ id: 'U0MINJI', name: 'minji', real_name: 'Minji', locale: 'ko-KR' }] });
    cleanups.push(() => fake.close());
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const bot = await startBot({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, STORE_URL: redis.url });

    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${bot.base}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const answer = await postSigned(`${bot.base}/slack/events`, slashCommand(fake, '/define', '큐블렛'), { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('kubelet');
    const metrics = await (await fetch(`${bot.base}/metrics`)).text();
    expect(metrics).toMatch(/studybot_commands_total\{command="define",outcome="ok"\} 1\b/);
    expect(metrics).toContain('process_cpu_seconds_total');

    await redis.stop();
    const down = await fetch(`${bot.base}/readyz`);
    expect(down.status).toBe(503);
    expect(JSON.stringify(await down.json())).toContain('store');
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('GIVEN a burst of answer presses WHEN SIGTERM arrives in the middle THEN the bot exits 0 AND every press Slack got an ack for is recorded', async () => {
    const dir = path.join(tmpdir(), `studybot-sigterm-${process.pid}-${Date.now()}`);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const storeUrl = `sqlite://${path.join(dir, 'bot.sqlite')}`;
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    // A round to answer, opened the way the daily job opens it, before the bot owns the file.
    const content = await loadContent(FIXTURE_CONTENT);
    const seed = await createStore(storeUrl);
    const study = createStudy({ content, store: seed, clock: systemClock, schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' });
    await study.rounds.open({ platform: 'slack', community: fake.teamId }, 'r1');
    await seed.close();

    const bot = await startBot({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, STORE_URL: storeUrl });
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    cleanups.push(() => agent.destroy());
    const url = `${bot.base}/slack/events`;
    const acked: string[] = [];
    let sent = 0;
    const presser = async (lane: number) => {
      for (let i = lane; i < 400; i += 16) {
        const user = `U${String(i).padStart(4, '0')}`;
        sent += 1;
        if (sent === 120) bot.child.kill('SIGTERM');
        const response = await postSigned(url, press(fake, user, `quiz.round|r1:${'ABCD'[i % 4]}`), { secret: SECRET, agent }).catch(() => undefined);
        if (response?.status === 200) acked.push(user);
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, lane) => presser(lane)));
    expect(await bot.exited).toBe(0);

    const after = await createStore(storeUrl);
    cleanups.push(() => after.close());
    const round = await createStudy({ content, store: after, clock: systemClock, schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' }).rounds.round({ platform: 'slack', community: fake.teamId }, 'r1');
    const stats = await after.getMany<{ answeredSeq: number }>('stats', acked.map((user) => `slack:${fake.teamId}:${user}`));
    // SIGTERM landed mid-burst: some presses were acknowledged, the later ones refused.
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length).toBeLessThan(400);
    expect(stats.filter((record) => record === undefined)).toEqual([]);
    expect(round?.answered).toBeGreaterThanOrEqual(acked.length);
    expect(Object.values(round?.tally ?? {}).reduce((sum, count) => sum + count, 0)).toBe(round?.answered);
  }, 60_000);
});
