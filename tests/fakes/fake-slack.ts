/**
 * A small Slack of our own on 127.0.0.1: the Web API methods Bolt and the adapter
 * call, a response_url sink, the Socket Mode WebSocket (apps.connections.open,
 * hello, envelopes, acks), and a helper that signs HTTP requests the way Slack does.
 */
import { createHmac } from 'node:crypto';
import { type Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { type WebSocket, WebSocketServer } from 'ws';
import { readBody } from './read-body.ts';

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  locale?: string;
  is_admin?: boolean;
  is_owner?: boolean;
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
}

export interface Envelope {
  envelope_id?: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: object;
  accepts_response_payload?: boolean;
}

/**
 * Slack's documented limits for what the daily round calls, per app per workspace:
 * chat.postMessage about one message per second per channel, chat.update Tier 3
 * (50+ per minute). Exceeding one answers 429 with Retry-After.
 */
export interface FakeSlackLimits {
  postMessagePerChannelPerSecond: number;
  updatePerMinute: number;
}

export interface FakeSlackOptions {
  botToken?: string;
  limits?: FakeSlackLimits;
  appToken?: string;
  users?: FakeSlackUser[];
  teamId?: string;
}

/** Fields Slack's Web API client sends JSON-encoded inside a form body. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);
const WAIT_STEP_MS = 10;

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  /** Every body posted to a response_url, by the URL's id. */
  readonly responses = new Map<string, unknown[]>();
  /** Socket Mode connections the fake has accepted, oldest first. */
  readonly sockets: WebSocket[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  private readonly rateLimits = new Map<string, number>();
  private readonly limits: FakeSlackLimits | undefined;
  private readonly windows = new Map<string, { used: number; resetAt: number }>();
  /** 429s answered because a limit of `limits` was exceeded, by method. */
  readonly limited = new Map<string, number>();
  private readonly delays = new Map<string, number>();
  private readonly channelErrors = new Map<string, string>();
  private readonly acks = new Map<string, (payload: Record<string, unknown>) => void>();
  private nextTs = 1;
  private nextId = 1;
  private readonly wss: WebSocketServer;

  private constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-fake-app-token';
    this.teamId = options.teamId ?? 'T0001';
    this.limits = options.limits;
    for (const user of options.users ?? []) this.users.set(user.id, user);
    this.wss = new WebSocketServer({ server, path: '/socket' });
    this.wss.on('connection', (socket) => this.onSocket(socket));
    server.on('request', (req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeSlack(server, options);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What SLACK_API_URL points at. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The next call to `method` is answered 429 with Retry-After. */
  rateLimitOnce(method: string, retryAfterSeconds: number): void {
    this.rateLimits.set(method, retryAfterSeconds);
  }

  /** Calls to `method` are answered after `ms`. */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** chat.* calls for this channel fail with a Slack error code such as channel_not_found. */
  failChannel(channel: string, error: string): void {
    this.channelErrors.set(channel, error);
  }

  /** A fresh response_url whose posts are recorded. */
  responseUrl(): string {
    return `${this.baseUrl}/response/${this.nextId++}`;
  }

  responsesTo(url: string): unknown[] {
    return this.responses.get(url.slice(url.lastIndexOf('/') + 1)) ?? [];
  }

  async waitForResponses(url: string, count: number, timeoutMs = 5000): Promise<unknown[]> {
    await waitUntil(() => this.responsesTo(url).length >= count, timeoutMs, `${count} post(s) to ${url}`);
    return this.responsesTo(url);
  }

  /** Sends an envelope over the newest Socket Mode connection; resolves with the ack's payload. */
  async sendEnvelope(envelope: Envelope, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const socket = this.sockets.at(-1);
    if (!socket || socket.readyState !== socket.OPEN) throw new Error('no open Socket Mode connection');
    const id = envelope.envelope_id ?? `env-${this.nextId++}`;
    const acked = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`envelope ${id} not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(id, (payload) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
    socket.send(JSON.stringify({ accepts_response_payload: false, ...envelope, envelope_id: id }));
    return acked;
  }

  /** Closes the newest connection from the server side, as Slack does when it recycles a host. */
  dropConnection(): void {
    this.sockets.at(-1)?.terminate();
  }

  /** Waits until `count` connections have been accepted in all and the newest is open. */
  async waitForSockets(count: number, timeoutMs = 5000): Promise<void> {
    await waitUntil(() => this.sockets.length >= count && this.sockets.at(-1)?.readyState === 1, timeoutMs, `Socket Mode connection number ${count}`);
  }

  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.push(socket);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (message.envelope_id) {
        this.acks.get(message.envelope_id)?.(message.payload ?? {});
        this.acks.delete(message.envelope_id);
      }
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0FAKE' },
      }),
    );
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      const list = this.responses.get(id) ?? [];
      list.push(JSON.parse(body));
      this.responses.set(id, list);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const params = parseParams(body, req.headers['content-type']);
    this.calls.push({ method, params, authorization: req.headers.authorization });
    const delay = this.delays.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const retryAfter = this.rateLimits.get(method) ?? this.overLimit(method, params);
    if (retryAfter !== undefined) {
      this.rateLimits.delete(method);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    sendJson(res, this.answer(method, params, req.headers.authorization));
  }

  /** Seconds to wait when this call exceeds `limits`, else undefined (and the call is counted). */
  private overLimit(method: string, params: Record<string, unknown>): number | undefined {
    if (!this.limits) return undefined;
    const rule =
      method === 'chat.postMessage'
        ? { key: `${method}:${String(params.channel)}`, limit: this.limits.postMessagePerChannelPerSecond, windowMs: 1000 }
        : method === 'chat.update'
          ? { key: method, limit: this.limits.updatePerMinute, windowMs: 60_000 }
          : undefined;
    if (!rule) return undefined;
    const now = Date.now();
    let window = this.windows.get(rule.key);
    if (!window || now >= window.resetAt) {
      window = { used: 0, resetAt: now + rule.windowMs };
      this.windows.set(rule.key, window);
    }
    if (window.used < rule.limit) {
      window.used += 1;
      return undefined;
    }
    this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
    return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
  }

  private answer(method: string, params: Record<string, unknown>, authorization: string | undefined): object {
    const token = authorization?.replace(/^Bearer /, '');
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.nextId++}` };
    }
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    const channel = typeof params.channel === 'string' ? params.channel : undefined;
    const channelError = channel ? this.channelErrors.get(channel) : undefined;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake Team', user: 'studybot', team_id: this.teamId, user_id: 'UBOT', bot_id: 'BBOT' };
      case 'users.info': {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        const { locale, ...rest } = user;
        const withLocale = params.include_locale === 'true' || params.include_locale === true;
        return {
          ok: true,
          user: { ...rest, team_id: this.teamId, profile: { real_name: user.real_name ?? user.name }, ...(withLocale && locale ? { locale } : {}) },
        };
      }
      case 'chat.postMessage':
        if (channelError) return { ok: false, error: channelError };
        return { ok: true, channel, ts: this.ts(), message: { text: params.text } };
      case 'chat.update':
        if (channelError) return { ok: false, error: channelError };
        return { ok: true, channel, ts: params.ts, text: params.text };
      case 'chat.postEphemeral':
        if (channelError) return { ok: false, error: channelError };
        return { ok: true, message_ts: this.ts() };
      case 'views.open':
        // Slack refuses a modal without the press's trigger id; the view comes back with an id.
        if (typeof params.trigger_id !== 'string' || !params.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { ...(params.view as object), id: `V${String(this.nextTs++).padStart(8, '0')}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private ts(): string {
    return `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
  }
}

function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(body))) {
    const text = Array.isArray(value) ? value[0] : value;
    params[key] = JSON_FIELDS.has(key) && typeof text === 'string' ? JSON.parse(text) : text;
  }
  return params;
}

function sendJson(res: ServerResponse, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

// ---- HTTP mode: requests signed the way Slack signs them ----

/** A slash command's body: the URL-encoded fields. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactive payload's body: one `payload` field holding the JSON. */
export function interactiveBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequestOptions {
  secret: string;
  /** Seconds since the epoch; now unless given (an old one tests the replay check). */
  timestamp?: number;
  /** Overrides the computed signature (a wrong one tests the check). */
  signature?: string;
  /** More headers, such as Slack's X-Slack-Retry-Num on a retry. */
  headers?: Record<string, string>;
  agent?: Agent;
}

export interface SignedResponse {
  status: number;
  text: string;
  /** The JSON body, or undefined for an empty one (a bare ack). */
  json: Record<string, unknown> | undefined;
}

/** POSTs a form body to the adapter with Slack's signature headers. */
export function postSigned(url: string, body: string, options: SignedRequestOptions): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        ...(options.agent ? { agent: options.agent } : {}),
        headers: {
          // Bolt compares the media type exactly, so no charset parameter.
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, body),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          // Parsed on first use, so a load generator that only checks the status pays nothing for it.
          resolve({
            status: res.statusCode ?? 0,
            text,
            get json() {
              return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
            },
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
