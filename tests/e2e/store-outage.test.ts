/**
 * A hung Redis (SIGSTOP: connections stay open, nothing answers) under a running bot: lookups
 * keep answering, store-backed commands get the short apology inside Slack's 3 s, the outage is
 * one error line, /readyz names the store, and SIGCONT brings everything back within seconds.
 */
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
import { press, SECRET, slashCommand, startBot } from '../support/slack-bot.ts';
import { FIXTURE_CONTENT } from '../support/study.ts';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  killSpawned();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const APOLOGY = '저장소에 연결할 수 없어요';
const { skip: noRedis } = redisAvailability();

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('a hung Redis under a running bot', () => {
  it.skipIf(noRedis)(
    'GIVEN Redis paused with SIGSTOP THEN /define answers, /streak gets the apology within 3 s, one error line is logged, /readyz names the store AND after SIGCONT all recovers within seconds',
    async () => {
      const fake = await FakeSlack.start({ users: [{ id: 'U0MINJI', name: 'minji', real_name: 'Minji', locale: 'ko-KR' }] });
      cleanups.push(() => fake.close());
      const redis = await startRedis();
      cleanups.push(() => redis.stop());
      const content = await loadContent(FIXTURE_CONTENT);
      const seed = await createStore(redis.url);
      const study = createStudy({ content, store: seed, clock: systemClock, schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'), defaultLocale: 'ko' });
      await study.rounds.open({ platform: 'slack', community: fake.teamId }, 'r1');
      await seed.close();
      const told = new Map<string, string>();
      const personalReply = async (url: string) => {
        for (let seen = 1; seen <= 3; seen += 1) {
          const responses = await fake.waitForResponses(url, seen, 5000);
          const personal = responses.find((response) => (response as { response_type?: string }).response_type === 'ephemeral');
          if (personal) return personal;
        }
        return fake.responsesTo(url);
      };
      const pressAll = async (users: string[]) => {
        for (const user of users) {
          const url = fake.responseUrl();
          const response = await postSigned(events, press(fake, user, 'quiz.round|r1:A', url), { secret: SECRET });
          expect(response.status).toBe(200);
          // The post's count edit may come through the same response_url first; the member's own reply is the ephemeral one.
          const text = JSON.stringify(await personalReply(url));
          told.set(
            user,
            text.includes('답을 기록했어요') || text.includes('이미 이 라운드에 답했어요') ? 'counted' : text.includes(APOLOGY) ? 'apology' : text,
          );
        }
      };
      const bot = await startBot({
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        STORE_URL: redis.url,
        STORE_TIMEOUT_MS: '500',
        LOG_LEVEL: 'info',
      });
      const events = `${bot.base}/slack/events`;
      const ask = async (command: string, text: string) => {
        const url = fake.responseUrl();
        const response = await postSigned(events, slashCommand(fake, command, text, 'U0MINJI', url), { secret: SECRET });
        const acked = response.text;
        // An answer that missed the ack budget follows through response_url.
        return acked.length > 0 ? acked : JSON.stringify(await fake.waitForResponses(url, 1, 5000));
      };
      expect(await ask('/streak', '')).not.toContain(APOLOGY);

      redis.pause();
      const define = await timed(() => ask('/define', 'kubelet'));
      expect(define.value).toContain('kubelet');
      expect(define.ms).toBeLessThan(3000);
      const streaks = [];
      for (let i = 0; i < 10; i += 1) streaks.push(await timed(() => ask('/streak', '')));
      for (const streak of streaks) {
        expect(streak.value).toContain(APOLOGY);
        expect(streak.ms).toBeLessThan(3000);
      }
      const during = ['U1', 'U2', 'U3', 'U4', 'U5'];
      await pressAll(during);
      expect([...told.values()]).toEqual(during.map(() => 'apology'));
      const ready = await fetch(`${bot.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('store');
      const errorLines = () =>
        bot
          .err()
          .split('\n')
          .filter((line) => line.includes('"level":"error"'));
      expect(errorLines()).toHaveLength(1);
      expect(errorLines()[0]).toContain('store unavailable');

      redis.resume();
      const resumed = performance.now();
      let back = false;
      for (let attempt = 0; attempt < 50 && !back; attempt += 1) {
        back = (await fetch(`${bot.base}/readyz`)).status === 200;
        if (!back) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(back).toBe(true);
      expect(performance.now() - resumed).toBeLessThan(5000);
      expect(await ask('/streak', '')).not.toContain(APOLOGY);
      // Pressed again after the outage, and five new players: every one told it counts is counted once.
      await pressAll([...during, 'U6', 'U7', 'U8', 'U9', 'U10']);
      expect(Object.fromEntries(told)).toEqual(Object.fromEntries([...told.keys()].map((user) => [user, 'counted'])));
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const after = await createStore(redis.url);
      cleanups.push(() => after.close());
      const round = await createStudy({
        content,
        store: after,
        clock: systemClock,
        schedule: cronSchedule('0 9 * * *', 'Asia/Seoul'),
        defaultLocale: 'ko',
      }).rounds.round({ platform: 'slack', community: fake.teamId }, 'r1');
      const logged = await after.answers.after(`slack:${fake.teamId}:r1`, 0, 100);
      const board = await readLeaderboard(after, { platform: 'slack', community: fake.teamId }, 1, undefined);
      const figures = { told: told.size, logged: logged.length, tally: round?.answered, board: board.total };
      process.stdout.write(`pause figures: ${JSON.stringify(figures)}\n`);
      expect(figures).toEqual({ told: 10, logged: 10, tally: 10, board: 10 });
      expect(errorLines()).toHaveLength(1);
      expect(bot.err()).toContain('store answering again');
    },
    60_000,
  );
});
