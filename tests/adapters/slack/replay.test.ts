/**
 * HTTP mode against replays and clocks: signed bytes are good for five minutes either
 * side of now, and once. Requests are signed the way Slack signs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../../fakes/fake-slack.ts';
import { redisAvailability, startRedis, useRedis } from '../../support/redis.ts';
import { testStudy } from '../../support/study.ts';
import { fixture, type Harness, headerOf, signed, startHarness, USERS } from './harness.ts';

const now = () => Math.floor(Date.now() / 1000);
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

let triggers = 0;
/** A `/quiz practice` body as Slack sends it, with its own trigger_id. */
function practiceBody(h: Harness, user: { id: string; name: string } = USERS.amy): string {
  return formBody({
    ...fixture<Record<string, string>>('slash-command.json'),
    command: '/quiz',
    text: 'practice',
    user_id: user.id,
    user_name: user.name,
    team_id: h.fake.teamId,
    response_url: h.fake.responseUrl(),
    trigger_id: `replay.${++triggers}`,
  });
}

const practiceRecord = (h: Harness, user: { id: string } = USERS.amy) => h.core.store.get('practice', `slack:${h.fake.teamId}:${user.id}`);

describe('HTTP mode: a signed request counts once, and only near now', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['an hour in the future', 60 * 60],
    ['six minutes in the future', 6 * 60],
    ['six minutes in the past', -6 * 60],
    ['an hour in the past', -60 * 60],
  ])('GIVEN a correct signature over a timestamp %s WHEN /quiz practice arrives THEN it gets 401 AND no question is handed out', async (_when, offset) => {
    const dispatched = h.dispatched.commands;
    const calls = h.fake.calls.length;
    const response = await signed(h, practiceBody(h), { timestamp: now() + offset });
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
    await settle();
    expect(h.dispatched.commands).toBe(dispatched);
    expect(h.fake.calls.length).toBe(calls);
    expect(await practiceRecord(h)).toBeUndefined();
  });

  it('GIVEN a timestamp four minutes ahead (clock skew Slack allows) THEN the request is handled', async () => {
    const response = await signed(h, practiceBody(h, USERS.owner), { timestamp: now() + 4 * 60 });
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('ephemeral');
  });

  it('GIVEN a handled /quiz practice WHEN the same signed bytes arrive again THEN the replay gets 200 with an empty body AND no new question, record or Web API call', async () => {
    const body = practiceBody(h, USERS.minji);
    const timestamp = now();
    const first = await signed(h, body, { timestamp });
    expect(first.status).toBe(200);
    expect(first.json?.response_type).toBe('ephemeral');
    const dispatched = h.dispatched.commands;
    const calls = h.fake.calls.length;
    const record = await practiceRecord(h, USERS.minji);
    expect(record).toBeDefined();

    const replay = await signed(h, body, { timestamp });
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('');
    await settle();
    expect(h.dispatched.commands).toBe(dispatched);
    expect(h.fake.calls.length).toBe(calls);
    expect(await practiceRecord(h, USERS.minji)).toEqual(record);
  });

  it("GIVEN a handled body WHEN Slack's retry of it arrives (X-Slack-Retry-Num, signed anew) THEN it gets 200 with an empty body AND has no effect", async () => {
    const body = practiceBody(h, USERS.admin);
    const first = await signed(h, body, { timestamp: now() - 2 });
    expect(first.json?.response_type).toBe('ephemeral');
    const dispatched = h.dispatched.commands;
    const record = await practiceRecord(h, USERS.admin);

    const retry = await signed(h, body, { timestamp: now(), headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    expect(retry.text).toBe('');
    await settle();
    expect(h.dispatched.commands).toBe(dispatched);
    expect(await practiceRecord(h, USERS.admin)).toEqual(record);
  });

  it('GIVEN a handled body WHEN it arrives signed anew without X-Slack-Retry-Num (headers are not signed) THEN it is dropped too', async () => {
    const body = practiceBody(h, USERS.mallory);
    const first = await signed(h, body, { timestamp: now() - 2 });
    expect(first.json?.response_type).toBe('ephemeral');
    const dispatched = h.dispatched.commands;
    const record = await practiceRecord(h, USERS.mallory);

    const again = await signed(h, body, { timestamp: now() });
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    await settle();
    expect(h.dispatched.commands).toBe(dispatched);
    expect(await practiceRecord(h, USERS.mallory)).toEqual(record);
  });

  it('GIVEN a retry of a body never handled (the first try did not reach us) THEN the retry is handled', async () => {
    const dispatched = h.dispatched.commands;
    const retry = await signed(h, practiceBody(h, USERS.noLocale), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } });
    expect(retry.status).toBe(200);
    expect(retry.json?.response_type).toBe('ephemeral');
    expect(h.dispatched.commands).toBe(dispatched + 1);
  });

  it('GIVEN a replay with a forged signature THEN it still gets 401, not the quiet 200', async () => {
    const body = practiceBody(h, USERS.slowAdmin);
    const response = await signed(h, body, { signature: `v0=${'0'.repeat(64)}` });
    expect(response.status).toBe(401);
  });
});

describe('HTTP mode on two replicas sharing Redis', () => {
  const redis = useRedis();
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    for (const h of harnesses) await h.core.store.close();
  });

  it.skipIf(redis.skip)('GIVEN signed bytes handled by one replica WHEN they are replayed to the other THEN the other drops them', async () => {
    const counts = [0, 0];
    for (const replica of [0, 1]) {
      const core = await testStudy({
        storeUrl: redis.url(),
        observer: {
          commandHandled: () => {
            counts[replica]! += 1;
          },
          actionHandled: () => undefined,
        },
      });
      // Connected before use, as the bot's start-up does.
      await core.store.ping();
      harnesses.push(await startHarness('http', { core }));
    }
    const [a, b] = harnesses as [Harness, Harness];
    const body = practiceBody(a);
    const timestamp = now();
    expect((await signed(a, body, { timestamp })).json?.response_type).toBe('ephemeral');
    const replay = await signed(b, body, { timestamp });
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('');
    await settle();
    expect(counts).toEqual([1, 0]);
  });
});

describe('HTTP mode when the store cannot say what was seen', () => {
  it.skipIf(redisAvailability().skip)(
    'GIVEN the Redis behind the seen-set is gone WHEN a signed /define arrives THEN it is still answered AND the missing replay check is logged',
    async () => {
      const redis = await startRedis();
      const core = await testStudy({ storeUrl: redis.url });
      await core.store.ping();
      const h = await startHarness('http', { core });
      try {
        await redis.stop();
        const body = formBody({
          ...fixture<Record<string, string>>('slash-command.json'),
          command: '/define',
          text: 'pod',
          user_id: USERS.amy.id,
          user_name: USERS.amy.name,
          response_url: h.fake.responseUrl(),
          trigger_id: `replay.${++triggers}`,
        });
        const response = await signed(h, body);
        expect(response.status).toBe(200);
        expect(headerOf(response.json)).toBe('Pod · 파드');
        expect(h.logs.filter((line) => line.message === 'slack replay check unavailable; handling the request')).toHaveLength(1);
      } finally {
        await h.close();
        await core.store.close().catch(() => undefined);
      }
    },
    20_000,
  );
});
