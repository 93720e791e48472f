/**
 * HTTP mode checks each signature once, in the request guard (Bolt's receiver has its own
 * check off): these are the edges of that check that the transport tests do not reach.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, slackSignature } from '../../fakes/fake-slack.ts';
import { fixture, type Harness, SIGNING_SECRET, signed, startHarness, USERS } from './harness.ts';

const now = () => Math.floor(Date.now() / 1000);
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** A POST with whatever headers are given and no others: no signature unless one is among them. */
function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ...(res.headers['content-type'] ? { type: res.headers['content-type'] } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let triggers = 0;
const defineBody = (h: Harness, extra: Record<string, string> = {}) =>
  formBody({
    ...fixture<Record<string, string>>('slash-command.json'),
    command: '/define',
    text: 'pod',
    user_id: USERS.amy.id,
    user_name: USERS.amy.name,
    team_id: h.fake.teamId,
    response_url: h.fake.responseUrl(),
    trigger_id: `signature.${++triggers}`,
    ...extra,
  });

describe('HTTP mode: one signature check, in the guard', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GIVEN the same /define twice THEN both acks are the same JSON answer under the JSON content type', async () => {
    const acks = [];
    for (let i = 0; i < 2; i += 1) {
      const body = defineBody(h);
      const timestamp = now();
      acks.push(
        await post(h.eventsUrl!, body, {
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
        }),
      );
    }
    for (const ack of acks) {
      expect(ack.status).toBe(200);
      expect(ack.type).toBe('application/json');
      expect(JSON.parse(ack.text)).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('Pod') });
    }
    expect(acks[1]!.text).toBe(acks[0]!.text);
  });

  it('GIVEN an unsigned ssl_check WHEN it arrives THEN it gets an empty 200 AND nothing is dispatched', async () => {
    const before = h.dispatched.commands;
    const response = await post(h.eventsUrl!, 'ssl_check=1&token=unused');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    await settle();
    expect(h.dispatched.commands).toBe(before);
  });

  it('GIVEN an unsigned ssl_check that carries a command WHEN it arrives THEN the command is not dispatched', async () => {
    const before = h.dispatched.commands;
    const response = await post(h.eventsUrl!, `ssl_check=1&${defineBody(h)}`);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    await settle();
    expect(h.dispatched.commands).toBe(before);
  });

  it('GIVEN an unsigned command WHEN it arrives THEN it gets 401 AND is not dispatched', async () => {
    const before = h.dispatched.commands;
    const response = await post(h.eventsUrl!, defineBody(h), { 'x-slack-request-timestamp': String(now()) });
    expect(response.status).toBe(401);
    await settle();
    expect(h.dispatched.commands).toBe(before);
  });

  it.each([
    ['the right HMAC with more after it', (body: string, ts: number) => `${slackSignature(SIGNING_SECRET, ts, body)}00`],
    ['the right HMAC under another version', (body: string, ts: number) => slackSignature(SIGNING_SECRET, ts, body).replace(/^v0=/, 'v1=')],
    ['the right HMAC in upper case', (body: string, ts: number) => `v0=${slackSignature(SIGNING_SECRET, ts, body).slice(3).toUpperCase()}`],
    ['nothing but the version', () => 'v0='],
  ])('GIVEN a signature that is %s THEN it gets 401 AND is not dispatched', async (_how, signature) => {
    const before = h.dispatched.commands;
    const body = defineBody(h);
    const timestamp = now();
    const response = await signed(h, body, { timestamp, signature: signature(body, timestamp) });
    expect(response.status).toBe(401);
    await settle();
    expect(h.dispatched.commands).toBe(before);
  });

  it('GIVEN a signed command without a timestamp THEN it gets 401', async () => {
    const body = defineBody(h);
    const response = await post(h.eventsUrl!, body, { 'x-slack-signature': slackSignature(SIGNING_SECRET, now(), body) });
    expect(response.status).toBe(401);
  });

  it('GIVEN a signed command with a timestamp four minutes old THEN it is answered', async () => {
    const response = await signed(h, defineBody(h), { timestamp: now() - 4 * 60 });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Pod');
  });

  it('GIVEN a body over the limit THEN it gets 413 AND is not dispatched', async () => {
    const before = h.dispatched.commands;
    const body = defineBody(h, { text: 'x'.repeat(5 * 1024 * 1024) });
    const response = await signed(h, body);
    expect(response.status).toBe(413);
    await settle();
    expect(h.dispatched.commands).toBe(before);
  });
});
