import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../src/http/metrics.ts';
import { type HttpServer, type Readiness, startHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startLoopbackHttp } from '../support/http.ts';

const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface Started {
  server: HttpServer;
  metrics: Metrics;
  url: (path: string) => string;
  logLines: () => Record<string, unknown>[];
}

async function start(
  readiness: () => Promise<Readiness> = async () => ({ ready: true, reasons: [] }),
  extra: { readinessTimeoutMs?: number } = {},
): Promise<Started> {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const metrics = createMetrics();
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'debug', pretty: false, destination }),
    metrics,
    readiness,
    ...extra,
  });
  servers.push(server);
  return {
    server,
    metrics,
    url: (path) => `http://127.0.0.1:${server.port}${path}`,
    logLines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('http server', () => {
  it('GIVEN requests to a dashboard link, a good one and one whose handler fails THEN no log line holds the token', async () => {
    const { server, url, logLines } = await start();
    server.mountPrefix('GET', '/c/', (req, res) => {
      if (req.url?.includes('boom')) throw new Error('drawing failed');
      res.writeHead(200);
      res.end('ok');
    });
    expect((await fetch(url('/c/s3cretTOKENabc?period=week'))).status).toBe(200);
    expect((await fetch(url('/c/s3cretTOKENboom'))).status).toBe(500);
    const lines = logLines();
    expect(lines.filter((line) => line.path === '/c/…')).toHaveLength(3);
    expect(JSON.stringify(lines)).not.toContain('s3cretTOKEN');
  });

  it('GIVEN port 0 THEN it reports the port it actually bound', async () => {
    const { server } = await start();
    expect(server.port).toBeGreaterThan(0);
  });

  it('GIVEN GET /healthz THEN 200 {"status":"ok"}', async () => {
    const { url } = await start();
    const response = await fetch(url('/healthz'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GIVEN a query string THEN the route still matches', async () => {
    const { url } = await start();
    expect((await fetch(url('/healthz?probe=1'))).status).toBe(200);
  });

  it('GIVEN HEAD /healthz THEN 200 with no body', async () => {
    const { url } = await start();
    const response = await fetch(url('/healthz'), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('GIVEN a ready process THEN GET /readyz is 200 {"status":"ready"}', async () => {
    const { url } = await start();
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('GIVEN readiness false THEN GET /readyz is 503 with the reasons', async () => {
    const { url } = await start(async () => ({ ready: false, reasons: ['store: connection refused', 'discord: not connected'] }));
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', reasons: ['store: connection refused', 'discord: not connected'] });
  });

  it('GIVEN a readiness check that throws THEN 503 with its message', async () => {
    const { url } = await start(async () => {
      throw new Error('redis ping failed');
    });
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; reasons: string[] };
    expect(body.status).toBe('not ready');
    expect(body.reasons.join(' ')).toContain('redis ping failed');
  });

  it('GIVEN a readiness check that hangs THEN 503 once the readiness timeout passes', async () => {
    const { url } = await start(() => new Promise<Readiness>(() => undefined), { readinessTimeoutMs: 50 });
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { reasons: string[] }).reasons[0]).toContain('longer than 50 ms');
  });

  it('GIVEN handled commands THEN /metrics shows the counters and histogram moved', async () => {
    const { url, metrics } = await start();
    metrics.commandHandled('define', 'ok', 0.004);
    metrics.commandHandled('define', 'ok', 0.02);
    metrics.commandHandled('quiz', 'user_error', 0.01);
    metrics.actionHandled('quiz.answer', 'error', 0.3);
    metrics.roundPosted('discord');
    metrics.answerRecorded('slack');
    metrics.storeError('quiz');
    metrics.adapterReconnect('discord');
    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('studybot_commands_total{command="define",outcome="ok"} 2');
    expect(text).toContain('studybot_commands_total{command="quiz",outcome="user_error"} 1');
    expect(text).toContain('studybot_actions_total{action="quiz.answer",outcome="error"} 1');
    expect(text).toContain('studybot_handler_seconds_count{kind="command",name="define"} 2');
    expect(text).toContain('studybot_handler_seconds_bucket{le="0.005",kind="command",name="define"} 1');
    expect(text).toContain('studybot_rounds_posted_total{platform="discord"} 1');
    expect(text).toContain('studybot_answers_recorded_total{platform="slack"} 1');
    expect(text).toContain('studybot_store_errors_total{operation="quiz"} 1');
    expect(text).toContain('studybot_adapter_reconnects_total{platform="discord"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('GIVEN two metrics instances THEN their counters are independent', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.commandHandled('help', 'ok', 0.001);
    expect(await first.registry.metrics()).toContain('studybot_commands_total{command="help",outcome="ok"} 1');
    expect(await second.registry.metrics()).not.toContain('command="help"');
  });

  it('GIVEN arbitrary command names THEN the label set stays bounded', async () => {
    const metrics = createMetrics();
    for (let i = 0; i < 200; i++) metrics.commandHandled(`typo${i}`, 'user_error', 0.001);
    metrics.commandHandled('정의; DROP', 'user_error', 0.001);
    const text = await metrics.registry.metrics();
    const series = text.split('\n').filter((line) => line.startsWith('studybot_commands_total{'));
    expect(series.length).toBeLessThanOrEqual(65);
    expect(text).toContain('command="other"');
  });

  it('GIVEN an unknown path or method THEN 404 JSON', async () => {
    const { url } = await start();
    for (const [path, method] of [
      ['/nope', 'GET'],
      ['/healthz', 'POST'],
      ['/slack/events', 'POST'],
    ] as const) {
      const response = await fetch(url(path), { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ status: 'not found' });
    }
  });

  it('GIVEN a mounted handler THEN it receives the raw request body and answers', async () => {
    const { server, url } = await start();
    server.mount('POST', '/slack/events', async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`got ${Buffer.concat(chunks).toString('utf8')} with ${req.headers['x-slack-signature']}`);
    });
    const response = await fetch(url('/slack/events'), { method: 'POST', body: 'payload=%7B%7D', headers: { 'x-slack-signature': 'v0=abc' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('got payload=%7B%7D with v0=abc');
  });

  it('GIVEN a route already mounted THEN mounting it again throws', async () => {
    const { server } = await start();
    expect(() => server.mount('GET', '/healthz', () => undefined)).toThrow('already mounted');
  });

  it('GIVEN a mounted handler that throws THEN 500 JSON and an error log line', async () => {
    const { server, url, logLines } = await start();
    server.mount('POST', '/boom', async () => {
      throw new Error('handler exploded');
    });
    const response = await fetch(url('/boom'), { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ status: 'error' });
    expect(logLines().find((line) => line.msg === 'http handler failed')).toMatchObject({ level: 'error', path: '/boom' });
  });

  it('GIVEN a kept-alive connection THEN close() still resolves and the port is released', async () => {
    const { server, url } = await start();
    await (await fetch(url('/healthz'), { headers: { connection: 'keep-alive' } })).text();
    await server.close();
    await expect(fetch(url('/healthz'))).rejects.toThrow();
  });

  it('GIVEN a port already in use THEN start rejects', async () => {
    const { server } = await start();
    await expect(
      startLoopbackHttp({ port: server.port }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
