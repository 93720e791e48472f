/**
 * Slack through Bolt: slash commands and button presses in, Block Kit out.
 * Socket Mode when an app token is given (no public URL needed), otherwise
 * Bolt's HTTP receiver at POST /slack/events behind the request guard (signature, clock, replays).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type ViewSubmitAction, webApi } from '@slack/bolt';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Locale } from '../../core/i18n.ts';
import type { CoreLogger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import type { Where } from '../../core/request.ts';
import type { Adapter, PostedMessage } from '../adapter.ts';
import { InFlight } from '../../shutdown.ts';
import type { Store } from '../../store/store.ts';
import { boltLogger } from './bolt-logger.ts';
import { asPostError } from './post-errors.ts';
import { SLACK_EVENTS_PATH } from './manifest.ts';
import { rememberResponse, responseProperties } from './http-ack.ts';
import { closeServer, listen } from './own-listener.ts';
import { type ActionArgs, type CommandArgs, SlackInteractions, viewSubmission } from './interactions.ts';
import { renderMessage } from './render.ts';
import { RequestGuard } from './request-guard.ts';
import { checkBotToken } from './token-check.ts';
import { profileOf, UserDirectory } from './user-directory.ts';

export interface SlackAdapterOptions {
  botToken: string;
  /** Socket Mode when given. */
  appToken?: string;
  /** HTTP mode when there is no app token. */
  signingSecret?: string;
  /** Base of every Web API call, `apps.connections.open` included. */
  apiUrl: string;
  dispatcher: Dispatcher;
  /** HTTP mode keeps the signatures it has handled here, so every replica drops a replay. */
  store: Store;
  logger: CoreLogger;
  defaultLocale: Locale;
  /** The bot's shared HTTP server; in HTTP mode POST /slack/events is mounted on it. */
  http?: { mount(method: string, path: string, handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): void };
  /** HTTP mode without a shared server: the port of our own listener. */
  port?: number;
  onReconnect?: () => void;
  clock?: () => number;
}

const DRAIN_MS = 5000;

export class SlackAdapter implements Adapter {
  readonly platform = 'slack' as const;
  private readonly app: App;
  private readonly socket?: SocketModeReceiver;
  private readonly receiver?: HTTPReceiver;
  private readonly guard?: RequestGuard;
  private readonly editClient: webApi.WebClient;
  private readonly logger: CoreLogger;
  // Handlers under way, so stop() lets every acknowledged answer finish.
  private readonly inflight = new InFlight();
  private server?: Server;
  private connected = false;
  private lost: string | undefined;
  private reconnectAttempts = 0;
  private listening = false;
  private stopping = false;

  constructor(private readonly options: SlackAdapterOptions) {
    if (!options.botToken) throw new Error('SLACK_BOT_TOKEN is required for the Slack adapter');
    if (!options.appToken && !options.signingSecret) {
      throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode at POST /slack/events); neither is set');
    }
    this.logger = options.logger.child({ adapter: 'slack' });
    const log = boltLogger(this.logger);
    // Each client gets its own options object: Bolt and the Socket Mode client write into them.
    const clientOptions = () => ({ slackApiUrl: options.apiUrl, rejectRateLimitedCalls: false });
    let receiver: SocketModeReceiver | HTTPReceiver;
    if (options.appToken) {
      // Socket Mode's own WebClient (apps.connections.open) reads its base URL from installerOptions.clientOptions.
      receiver = this.socket = new SocketModeReceiver({ appToken: options.appToken, logger: log, installerOptions: { clientOptions: clientOptions() } });
    } else {
      // Bolt's receiver never listens itself: every request reaches it through the guard, which has checked the signature.
      receiver = this.receiver = new HTTPReceiver({ signingSecret: options.signingSecret ?? '', signatureVerification: false, endpoints: SLACK_EVENTS_PATH, logger: log, customPropertiesExtractor: responseProperties });
      this.guard = new RequestGuard({ signingSecret: options.signingSecret ?? '', store: options.store, logger: this.logger });
    }
    this.app = new App({
      token: options.botToken,
      receiver,
      socketMode: Boolean(this.socket),
      clientOptions: clientOptions(),
      logger: log,
      // auth.test runs in start(), where a bad token can fail start-up instead of an unhandled rejection.
      deferInitialization: true,
      convoStore: false,
    });
    // The reveal's chat.update is Tier 3 (about 50 a minute per workspace), far slower than
    // chat.postMessage: its client hands 429s back to the round job, which waits outside the
    // client's request queue, so throttled edits never hold slots that posts need.
    this.editClient = new webApi.WebClient(options.botToken, { slackApiUrl: options.apiUrl, logger: log, rejectRateLimitedCalls: true });
    // Lookups get a client of their own, so a 429 on users.info never pauses posting.
    const lookupClient = new webApi.WebClient(options.botToken, { slackApiUrl: options.apiUrl, logger: log, retryConfig: { retries: 1 }, timeout: 5000 });
    const directory = new UserDirectory({
      lookup: async (userId) => profileOf(await lookupClient.users.info({ user: userId, include_locale: true })),
      logger: this.logger,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const parts = { dispatcher: options.dispatcher, directory, logger: this.logger, defaultLocale: options.defaultLocale };
    const interactions = new SlackInteractions(parts);
    // One global middleware routes commands and button presses, instead of one listener each:
    // Bolt runs every listener's matcher chain for every request (each step copies the
    // arguments), and that was the largest part of Bolt's cost per command. Anything else goes
    // on to the listeners registered with Bolt's own methods.
    this.app.use(async (args) => {
      if ('command' in args && args.command) return this.track(interactions.command(args as CommandArgs));
      if (args.body.type === 'block_actions' && 'action' in args && args.action) return this.track(interactions.action(args as unknown as ActionArgs));
      await args.next();
    });
    // A form's submission (the 🚩's report) is rare: Bolt's own view listener takes it.
    this.app.view<ViewSubmitAction>({ type: 'view_submission' }, (args) => this.track(viewSubmission(parts, args)));
    this.app.error(async (error) => {
      this.logger.error({ err: error }, 'slack listener failed');
    });
  }

  async start(): Promise<void> {
    await checkBotToken(this.options.botToken, this.options.apiUrl, this.logger);
    await this.app.init();
    if (this.socket) {
      let connections = 0;
      this.socket.client.on('connected', () => {
        this.connected = true;
        this.reconnectAttempts = 0;
        connections += 1;
        if (connections > 1) {
          this.logger.info({ connections }, 'slack socket mode reconnected');
          this.options.onReconnect?.();
        }
      });
      // The Socket Mode client reconnects by itself, waiting longer after each failed attempt.
      this.socket.client.on('close', () => {
        this.connected = false;
        this.lost = `Socket Mode connection lost at ${new Date().toISOString()}; reconnecting`;
      });
      this.socket.client.on('reconnecting', () => {
        this.reconnectAttempts += 1;
      });
      await this.app.start();
      this.logger.info({ mode: 'socket' }, 'slack adapter started');
      return;
    }
    if (this.options.http) {
      this.options.http.mount('POST', SLACK_EVENTS_PATH, this.handleHttp);
    } else {
      this.server = await listen(this.options.port ?? 3000, (req, res) => {
        const path = req.url?.split('?', 1)[0];
        if (req.method === 'POST' && path === SLACK_EVENTS_PATH) this.handleHttp(req, res);
        else {
          res.writeHead(404);
          res.end();
        }
      });
    }
    this.listening = true;
    this.logger.info({ mode: 'http', path: SLACK_EVENTS_PATH, port: this.httpPort() ?? 'shared' }, 'slack adapter started');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.listening = false;
    // Requests in progress still need the connection to answer on, so they finish first.
    await this.inflight.drain(DRAIN_MS);
    if (this.socket) await this.socket.client.disconnect();
    this.connected = false;
    if (this.server) await closeServer(this.server, DRAIN_MS);
  }

  isReady(): boolean {
    return !this.stopping && (this.socket ? this.connected : this.listening);
  }

  notReadyReason(): string | undefined {
    if (this.isReady()) return undefined;
    if (this.stopping) return 'stopping';
    if (!this.socket) return 'not listening yet';
    if (!this.lost) return 'Socket Mode not connected yet';
    return this.reconnectAttempts > 0 ? `${this.lost} (attempt ${this.reconnectAttempts})` : this.lost;
  }

  /** The port of the adapter's own HTTP listener (HTTP mode without a shared server). */
  httpPort(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  async post(where: Where, reply: Reply): Promise<PostedMessage> {
    const message = renderMessage(reply);
    try {
      const result = await this.app.client.chat.postMessage({
        channel: where.channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!result.ts) throw new Error(`chat.postMessage to ${where.channel} returned no ts`);
      return { platform: 'slack', community: where.community, channel: where.channel, messageId: result.ts };
    } catch (error) {
      throw asPostError(error, where.channel);
    }
  }

  async edit(message: PostedMessage, reply: Reply): Promise<void> {
    const rendered = renderMessage(reply);
    try {
      await this.editClient.chat.update({ channel: message.channel, ts: message.messageId, text: rendered.text, blocks: rendered.blocks });
    } catch (error) {
      throw asPostError(error, message.channel);
    }
  }

  private readonly handleHttp = (req: IncomingMessage, res: ServerResponse): void => {
    const { receiver, guard } = this;
    if (this.stopping || !receiver || !guard) {
      res.writeHead(503, { 'retry-after': '1' });
      res.end();
      return;
    }
    void this.track(
      guard.admit(req, res).then((admitted) => {
        if (!admitted) return;
        rememberResponse(req, res);
        receiver.requestListener(req, res);
      }),
    );
  };

  private track(work: Promise<void>): Promise<void> {
    return this.inflight.track(work);
  }
}
