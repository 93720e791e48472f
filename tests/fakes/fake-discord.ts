/**
 * A small Discord of our own on 127.0.0.1: the REST routes discord.js and the adapter
 * use (gateway info, the application, command registration, interaction callbacks,
 * interaction webhooks, channel messages) and a gateway WebSocket. Every REST request
 * is recorded; a route can be told to answer 429 once, a channel to refuse access, and
 * the whole fake to enforce Discord's global and per-channel rate limits.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { readBody } from './read-body.ts';
import { type BotIdentity, botUser, type FakeGuild, GatewayOp, GatewaySession, guildCreate, type Identify } from './fake-discord-gateway.ts';

export type { FakeGuild } from './fake-discord-gateway.ts';

export interface RecordedRequest {
  method: string;
  /** Below the versioned base, e.g. `/channels/1/messages`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  text: string;
  /** The JSON body, parsed on first use. */
  readonly json: Record<string, unknown> | unknown[] | undefined;
}

export interface Callback {
  type: number;
  data?: Record<string, unknown>;
}

export interface FakeMessage extends Record<string, unknown> {
  id: string;
  channel_id: string;
  flags: number;
  embeds: Array<Record<string, unknown>>;
  components: Array<Record<string, unknown>>;
}

/** An interaction sent to the bot and everything the bot answered to it. */
export interface InteractionRecord {
  payload: Record<string, unknown>;
  callbacks: Callback[];
  /** The message made by the first callback (or the message a button sits on), as last edited. */
  original: FakeMessage | undefined;
  edits: Array<Record<string, unknown>>;
  followUps: FakeMessage[];
  deleted: boolean;
  /** Past Discord's deadline: callbacks and webhooks are refused as they are for a token Discord has forgotten. */
  expired: boolean;
}

export type ChannelRefusal = 'missing-access' | 'unknown-channel' | 'missing-permissions';

const REFUSALS: Record<ChannelRefusal, { status: number; code: number; message: string }> = {
  'missing-access': { status: 403, code: 50001, message: 'Missing Access' },
  'unknown-channel': { status: 404, code: 10003, message: 'Unknown Channel' },
  'missing-permissions': { status: 403, code: 50013, message: 'Missing Permissions' },
};

/**
 * Rate limits enforced the way Discord does: a global budget of requests per second per
 * bot, and per-route buckets keyed by the channel (message routes), announced in the
 * `X-RateLimit-*` headers of every answer and enforced with 429 + Retry-After.
 */
export interface FakeDiscordLimits {
  globalPerSecond: number;
  /** Requests per window on one route of one channel, e.g. 5 per 5 s. */
  perChannelRoute: { limit: number; windowMs: number };
}

export interface FakeDiscordOptions {
  token?: string;
  limits?: FakeDiscordLimits;
  appId?: string;
  botUserId?: string;
  guilds?: FakeGuild[];
  heartbeatIntervalMs?: number;
}

const API_PREFIX = '/api/v10';
const WAIT_STEP_MS = 5;
const EPHEMERAL = 64;

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  /** Channel messages by id. */
  readonly messages = new Map<string, FakeMessage>();
  readonly sessions: GatewaySession[] = [];
  readonly identifies: Identify[] = [];
  /** Heartbeats received and ACKed on any connection. */
  heartbeats = 0;
  readonly bot: BotIdentity;
  readonly token: string;
  /** Called for every interaction callback; the benchmark counts answers with it. */
  onCallback: ((id: string, callback: Callback) => void) | undefined;
  /** Whether requests are kept in `requests` and interactions after their first callback (a benchmark turns it off). */
  record = true;
  private readonly guilds: FakeGuild[];
  private readonly heartbeatIntervalMs: number;
  private readonly rateLimits: Array<{ method: string; path: RegExp; retryAfter: number }> = [];
  private readonly failures: Array<{ method: string; path: RegExp; status: number; times: number }> = [];
  private readonly refusals = new Map<string, ChannelRefusal>();
  private readonly limits: FakeDiscordLimits | undefined;
  private readonly buckets = new Map<string, { used: number; resetAt: number }>();
  private globalWindow = { used: 0, resetAt: 0 };
  /** 429s answered because a limit of `limits` was exceeded, by scope. */
  readonly limited = { global: 0, route: 0 };
  private readonly wss: WebSocketServer;
  private nextId = 1n;

  private constructor(
    private readonly server: Server,
    options: FakeDiscordOptions,
  ) {
    this.token = options.token ?? 'fake-discord-bot-token';
    this.bot = { appId: options.appId ?? '1000000000000000001', botUserId: options.botUserId ?? options.appId ?? '1000000000000000001', botName: 'studybot' };
    this.guilds = options.guilds ?? [];
    this.limits = options.limits;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onSocket(socket));
    server.on('request', (req, res) => {
      this.route(req, res).catch((error: unknown) => send(res, 500, { message: String(error), code: 0 }));
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeDiscord(server, options);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_URL points at (no version). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** The next `method` request whose path matches is answered 429 with Retry-After (seconds). */
  rateLimitOnce(method: string, path: RegExp, retryAfterSeconds: number): void {
    this.rateLimits.push({ method, path, retryAfter: retryAfterSeconds });
  }

  /** The next `times` matching requests are answered with `status` (a 5xx that discord.js retries, say). */
  failNext(method: string, path: RegExp, status: number, times = 1): void {
    this.failures.push({ method, path, status, times });
  }

  /** Posting to or editing in this channel fails the way Discord fails it. */
  refuseChannel(channelId: string, refusal: ChannelRefusal): void {
    this.refusals.set(channelId, refusal);
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  snowflake(): string {
    return String(1_300_000_000_000_000_000n + this.nextId++);
  }

  /**
   * Sends INTERACTION_CREATE on every ready session. The payload is taken as given (a
   * fixture), with a fresh id and token and this application's id.
   */
  dispatchInteraction(payload: Record<string, unknown>, options: { expired?: boolean } = {}): InteractionRecord {
    const id = this.snowflake();
    const full: Record<string, unknown> = { ...payload, id, token: `interaction-token-${id}`, application_id: this.bot.appId, version: 1 };
    const message = full.message as FakeMessage | undefined;
    const record: InteractionRecord = {
      payload: full,
      callbacks: [],
      original: message ? { ...message } : undefined,
      edits: [],
      followUps: [],
      deleted: false,
      expired: false,
    };
    record.expired = options.expired === true;
    this.interactions.set(id, record);
    for (const session of this.sessions) if (session.sessionId && session.open) session.dispatch('INTERACTION_CREATE', full);
    return record;
  }

  async waitForCallback(record: InteractionRecord, count = 1, timeoutMs = 5000): Promise<Callback[]> {
    await waitUntil(() => record.callbacks.length >= count, timeoutMs, `${count} callback(s) to interaction ${record.payload.id}`);
    return record.callbacks;
  }

  async waitForIdentifies(count: number, timeoutMs = 5000): Promise<void> {
    await waitUntil(() => this.identifies.length >= count, timeoutMs, `${count} IDENTIFY`);
  }

  /** Closes every gateway connection from the server side with a resumable code. */
  dropConnections(code = 4000): void {
    for (const session of this.sessions) if (session.open) session.socket.close(code, 'fake drop');
  }

  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- gateway ----

  private onSocket(socket: WebSocket): void {
    let session = new GatewaySession(socket);
    this.sessions.push(session);
    socket.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> | number | null };
      if (packet.op === GatewayOp.Heartbeat) this.onHeartbeat(session);
      else if (packet.op === GatewayOp.Identify) this.onIdentify(session, packet.d as unknown as Identify);
      else if (packet.op === GatewayOp.Resume) session = this.onResume(session, packet.d as { token: string; session_id: string; seq: number });
    });
    session.send(GatewayOp.Hello, { heartbeat_interval: this.heartbeatIntervalMs });
  }

  private onHeartbeat(session: GatewaySession): void {
    session.heartbeats += 1;
    this.heartbeats += 1;
    session.send(GatewayOp.HeartbeatAck, null);
  }

  private onIdentify(session: GatewaySession, identify: Identify): void {
    if (identify.token !== this.token) {
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies.push(identify);
    session.identify = identify;
    session.sessionId = `session-${this.snowflake()}`;
    const [shardId, shardCount] = identify.shard ?? [0, 1];
    const mine = this.guilds.filter((guild) => Number((BigInt(guild.id) >> 22n) % BigInt(shardCount)) === shardId);
    session.dispatch('READY', {
      v: 10,
      user: botUser(this.bot),
      guilds: mine.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [shardId, shardCount],
      application: { id: this.bot.appId, flags: 0 },
    });
    for (const guild of mine) session.dispatch('GUILD_CREATE', guildCreate(guild, this.bot));
  }

  private onResume(fresh: GatewaySession, resume: { token: string; session_id: string; seq: number }): GatewaySession {
    const old = this.sessions.find((candidate) => candidate !== fresh && candidate.sessionId === resume.session_id);
    if (!old || resume.token !== this.token) {
      fresh.send(GatewayOp.InvalidSession, false);
      return fresh;
    }
    // The session moves onto the new connection, sequence numbers and all.
    this.sessions.splice(this.sessions.indexOf(fresh), 1);
    old.socket = fresh.socket;
    old.heartbeats += fresh.heartbeats;
    old.resumed += 1;
    old.dispatch('RESUMED', {});
    return old;
  }

  // ---- REST ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(req);
    if (!url.pathname.startsWith(API_PREFIX)) return send(res, 404, { message: '404: Not Found', code: 0 });
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    if (this.record) this.requests.push(recorded(method, path, url.searchParams, req.headers.authorization, text));
    const limit = this.rateLimits.findIndex((rule) => rule.method === method && rule.path.test(path));
    if (limit >= 0) {
      const [rule] = this.rateLimits.splice(limit, 1);
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(rule!.retryAfter),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(rule!.retryAfter),
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-scope': 'user',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: rule!.retryAfter, global: false }));
      return;
    }
    const failure = this.failures.find((rule) => rule.method === method && rule.path.test(path) && rule.times > 0);
    if (failure) {
      failure.times -= 1;
      return send(res, failure.status, { message: 'Internal Server Error', code: 0 });
    }
    const body = (): Record<string, unknown> => (text ? (JSON.parse(text) as Record<string, unknown>) : {});
    const parts = path.split('/').slice(1);
    // Interaction callbacks and webhooks authenticate with the interaction token in the path.
    if (parts[0] === 'interactions') return this.callback(res, parts[1]!, parts[2]!, body());
    if (parts[0] === 'webhooks') return this.webhook(res, method, parts, url.searchParams, text ? body() : {});
    if (req.headers.authorization !== `Bot ${this.token}`) return send(res, 401, { message: '401: Unauthorized', code: 0 });
    const route = `${method} /${parts.map((part, index) => (index > 0 && /^\d+$/.test(part) ? ':id' : part)).join('/')}`;
    switch (route) {
      case 'GET /gateway/bot':
        return send(res, 200, {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        });
      case 'GET /users/@me':
        return send(res, 200, botUser(this.bot));
      case 'GET /applications/@me':
      case 'GET /oauth2/applications/@me':
        return send(res, 200, {
          id: this.bot.appId,
          name: 'studybot',
          description: '',
          bot_public: true,
          bot_require_code_grant: false,
          flags: 0,
          verify_key: 'x',
        });
      case 'PUT /applications/:id/commands':
      case 'PUT /applications/:id/guilds/:id/commands':
        if (parts[1] !== this.bot.appId) return send(res, 403, { message: 'Missing Access', code: 50001 });
        return send(
          res,
          200,
          (JSON.parse(text) as Array<Record<string, unknown>>).map((command) => ({
            id: this.snowflake(),
            application_id: this.bot.appId,
            version: this.snowflake(),
            ...command,
          })),
        );
      case 'POST /channels/:id/messages':
      case 'PATCH /channels/:id/messages/:id':
        if (this.limits && !this.withinLimits(res, `${method} /channels/${parts[1]}/messages`)) return;
        return this.channelMessage(res, parts[1]!, parts[3], body());
      default:
        return send(res, 404, { message: '404: Not Found', code: 0 });
    }
  }

  /** Counts the request against the global and route budgets; answers 429 and returns false when one is spent. */
  private withinLimits(res: ServerResponse, bucketKey: string): boolean {
    const limits = this.limits!;
    const now = Date.now();
    if (now >= this.globalWindow.resetAt) this.globalWindow = { used: 0, resetAt: now + 1000 };
    if (this.globalWindow.used >= limits.globalPerSecond) {
      this.limited.global += 1;
      const after = (this.globalWindow.resetAt - now) / 1000;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(after)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: after, global: true }));
      return false;
    }
    this.globalWindow.used += 1;
    const { limit, windowMs } = limits.perChannelRoute;
    let bucket = this.buckets.get(bucketKey);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + windowMs };
      this.buckets.set(bucketKey, bucket);
    }
    const resetAfter = (bucket.resetAt - now) / 1000;
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': createHash('sha1').update(bucketKey.split(' ')[0]!).digest('hex').slice(0, 16),
    };
    if (bucket.used >= limit) {
      this.limited.route += 1;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-remaining': '0', 'x-ratelimit-scope': 'user', ...headers });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: resetAfter, global: false }));
      return false;
    }
    bucket.used += 1;
    for (const [name, value] of Object.entries({ ...headers, 'x-ratelimit-remaining': String(limit - bucket.used) })) res.setHeader(name, value);
    return true;
  }

  private callback(res: ServerResponse, id: string, token: string, body: Record<string, unknown>): undefined {
    const record = this.interactions.get(id);
    if (!record || record.expired || record.payload.token !== token) return send(res, 404, { message: 'Unknown interaction', code: 10062 });
    if (record.callbacks.length > 0) return send(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    const callback = body as unknown as Callback;
    record.callbacks.push(callback);
    const data = callback.data ?? {};
    // 4: a message; 5: "thinking…" to be edited; 6: a silent acknowledgement of a press; 7: the pressed message replaced.
    if (callback.type === 4 || callback.type === 5) record.original = this.message(String(record.payload.channel_id), data);
    if (callback.type === 7 && record.original) Object.assign(record.original, pick(data));
    if (!this.record) this.interactions.delete(id);
    res.writeHead(204);
    res.end();
    this.onCallback?.(id, callback);
    return undefined;
  }

  private webhook(res: ServerResponse, method: string, parts: string[], query: URLSearchParams, body: Record<string, unknown>): undefined {
    const [, appId, token, messages, messageId] = parts;
    const record = [...this.interactions.values()].find((candidate) => candidate.payload.token === token);
    if (appId !== this.bot.appId || !record || record.expired || record.callbacks.length === 0)
      return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
    const channel = String(record.payload.channel_id);
    if (method === 'POST' && !messages) {
      const message = this.message(channel, body);
      record.followUps.push(message);
      return query.get('wait') === 'false' ? send(res, 204) : send(res, 200, message);
    }
    const target = messageId === '@original' ? record.original : record.followUps.find((message) => message.id === messageId);
    if (!target || record.deleted) return send(res, 404, { message: 'Unknown Message', code: 10008 });
    if (method === 'PATCH') {
      record.edits.push(body);
      Object.assign(target, pick(body));
      return send(res, 200, target);
    }
    if (method === 'DELETE') {
      if (messageId === '@original') record.deleted = true;
      return send(res, 204);
    }
    return send(res, 200, target);
  }

  private channelMessage(res: ServerResponse, channelId: string, messageId: string | undefined, body: Record<string, unknown>): undefined {
    const refusal = this.refusals.get(channelId);
    if (refusal) {
      const { status, code, message } = REFUSALS[refusal];
      return send(res, status, { message, code });
    }
    if (!messageId) {
      const message = this.message(channelId, body);
      this.messages.set(message.id, message);
      return send(res, 200, message);
    }
    const existing = this.messages.get(messageId);
    if (!existing || existing.channel_id !== channelId) return send(res, 404, { message: 'Unknown Message', code: 10008 });
    Object.assign(existing, pick(body), { edited_timestamp: new Date().toISOString() });
    return send(res, 200, existing);
  }

  /** A message object as Discord returns it, authored by the bot. */
  private message(channelId: string, body: Record<string, unknown>): FakeMessage {
    return {
      id: this.snowflake(),
      type: 0,
      channel_id: channelId,
      author: botUser(this.bot),
      content: typeof body.content === 'string' ? body.content : '',
      embeds: (body.embeds as FakeMessage['embeds'] | undefined) ?? [],
      components: (body.components as FakeMessage['components'] | undefined) ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: typeof body.flags === 'number' ? body.flags & EPHEMERAL : 0,
      application_id: this.bot.appId,
      webhook_id: this.bot.appId,
      allowed_mentions: body.allowed_mentions,
    };
  }
}

/** The parts of a body an edit replaces. */
function pick(body: Record<string, unknown>): Partial<FakeMessage> {
  const out: Record<string, unknown> = {};
  for (const key of ['content', 'embeds', 'components', 'allowed_mentions'] as const) if (key in body) out[key] = body[key];
  return out as Partial<FakeMessage>;
}

function recorded(method: string, path: string, query: URLSearchParams, authorization: string | undefined, text: string): RecordedRequest {
  let parsed: RecordedRequest['json'] | null = null;
  return {
    method,
    path,
    query,
    authorization,
    text,
    get json() {
      parsed ??= text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      return parsed;
    },
  };
}

function send(res: ServerResponse, status: number, body?: unknown): undefined {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return undefined;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return undefined;
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

/** `count` guilds with a few channels, roles and members each, their ids spread over shards the way Discord's are. */
export function manyGuilds(count: number, shape: { channels?: number; members?: number; roles?: number } = {}): FakeGuild[] {
  const base = 1_200_000_000_000_000_000n;
  return Array.from({ length: count }, (_, index) => {
    const id = base + (BigInt(index) << 22n);
    return {
      id: String(id),
      name: `server ${index}`,
      channels: Array.from({ length: shape.channels ?? 3 }, (__, channel) => ({ id: String(id + 1n + BigInt(channel)), name: `channel-${channel}` })),
      members: shape.members ?? 5,
      roles: shape.roles ?? 3,
    };
  });
}
