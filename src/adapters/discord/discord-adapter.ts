/**
 * Discord through discord.js over the gateway: slash commands, autocomplete and
 * button presses in; embeds and buttons out. REST goes to `apiUrl`, and the gateway
 * URL is whatever GET /gateway/bot there names, so a proxy or a fake serves both.
 */
import {
  type APIApplication,
  type APIInteraction,
  type APIMessage,
  Client,
  DiscordAPIError,
  Events,
  GatewayDispatchEvents,
  type Interaction,
  RESTEvents,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Locale } from '../../core/i18n.ts';
import type { CoreLogger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import type { Where } from '../../core/request.ts';
import type { Store } from '../../store/store.ts';
import { type Adapter, PermanentPostError, type PostedMessage } from '../adapter.ts';
import { InFlight } from '../../shutdown.ts';
import { clientOptions } from './client-options.ts';
import { commandsHash, toCommandsJson } from './commands-json.ts';
import { DEFAULT_TIMING, InteractionHandler, type InteractionTiming } from './interactions.ts';
import { renderMessage } from './render.ts';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base without the version, e.g. https://discord.com/api. */
  apiUrl: string;
  /** Register commands into this server (instant) instead of globally. */
  guildId?: string;
  shard?: { id: number; count: number };
  dispatcher: Dispatcher;
  /** Keeps the hash of the registered commands. */
  store: Store;
  logger: CoreLogger;
  defaultLocale: Locale;
  /** Called when the gateway resumes or reconnects. */
  onReconnect?: () => void;
  timing?: InteractionTiming;
}

const STORE_NAMESPACE = 'discord';
const DRAIN_MS = 5000;
/** Interaction payloads waiting for discord.js to emit their interaction; only ever a handful. */
const RAW_KEPT = 256;

/** Errors after which posting to that channel can never work. */
const PERMANENT_CODES = new Set<number>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownGuild,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
]);

export class DiscordAdapter implements Adapter {
  readonly platform = 'discord' as const;
  private readonly client: Client;
  private readonly logger: CoreLogger;
  private readonly handler: InteractionHandler;
  private readonly raw = new Map<string, APIInteraction>();
  // Handlers under way, so stop() lets every acknowledged answer finish.
  private readonly inflight = new InFlight();
  /** Shards that have been ready once, and those whose connection is down now. */
  private readonly seen = new Set<number>();
  /** Shards whose connection is down now, with what happened to it. */
  private readonly down = new Map<number, string>();
  private readonly lastError = new Map<number, string>();
  private ready = false;
  private stopping = false;

  constructor(private readonly options: DiscordAdapterOptions) {
    if (!options.token) throw new Error('DISCORD_TOKEN is required for the Discord adapter');
    this.logger = options.logger.child({ adapter: 'discord', ...(options.shard ? { shard: options.shard.id } : {}) });
    this.handler = new InteractionHandler(options.dispatcher, this.logger, options.defaultLocale, options.timing ?? DEFAULT_TIMING);
    this.client = new Client(clientOptions({ apiUrl: options.apiUrl, ...(options.shard ? { shard: options.shard } : {}) }));
    // REST works before (and without) a gateway login: registration from a script needs only this.
    this.client.rest.setToken(options.token);
    // discord.js keeps no raw payload on its interaction objects; the gateway event is the payload, seen just before.
    this.client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: APIInteraction) => this.keepRaw(data));
    this.client.on(Events.InteractionCreate, (interaction) => {
      void this.track(this.onInteraction(interaction));
    });
    this.watchConnection();
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.token);
    await ready;
    this.logger.info({ guilds: this.client.guilds.cache.size, user: this.client.user?.id }, 'discord adapter started');
    // One shard registers for all of them; the others would only repeat it.
    if (!this.options.shard || this.options.shard.id === 0) {
      await this.registerCommands().catch((error: unknown) => this.logger.error({ err: error }, 'discord command registration failed'));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // Answers in progress still need the REST client, so they finish first.
    await this.inflight.drain(DRAIN_MS);
    await this.client.destroy();
    this.ready = false;
  }

  isReady(): boolean {
    return this.ready && !this.stopping && this.down.size === 0;
  }

  notReadyReason(): string | undefined {
    if (this.isReady()) return undefined;
    if (this.stopping) return 'stopping';
    if (!this.ready) return 'gateway not connected yet';
    return [...this.down]
      .map(([shard, why]) => `gateway shard ${shard} ${why}${this.lastError.has(shard) ? `; last error: ${this.lastError.get(shard)}` : ''}`)
      .join('; ');
  }

  async post(where: Where, reply: Reply): Promise<PostedMessage> {
    try {
      const message = (await this.client.rest.post(Routes.channelMessages(where.channel), { body: channelBody(reply) })) as APIMessage;
      return { platform: 'discord', community: where.community, channel: where.channel, messageId: message.id };
    } catch (error) {
      throw asPostError(error, where.channel);
    }
  }

  async edit(message: PostedMessage, reply: Reply): Promise<void> {
    try {
      await this.client.rest.patch(Routes.channelMessage(message.channel, message.messageId), { body: channelBody(reply) });
    } catch (error) {
      throw asPostError(error, message.channel);
    }
  }

  /** Registers the commands when they differ from the last registration (or always, when forced); true when it registered. */
  async registerCommands(force = false): Promise<boolean> {
    const json = toCommandsJson(this.options.dispatcher.commands);
    const hash = commandsHash(json);
    const appId = await this.applicationId();
    const { guildId } = this.options;
    const key = `commands-hash:${appId}:${guildId ?? 'global'}`;
    if (!force && (await this.storedHash(key)) === hash) {
      this.logger.debug({ scope: guildId ?? 'global' }, 'discord commands unchanged');
      return false;
    }
    await this.client.rest.put(guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId), { body: json });
    await this.options.store
      .set(STORE_NAMESPACE, key, hash)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'discord command hash not stored; the next start registers again'));
    this.logger.info({ scope: guildId ?? 'global', commands: json.map((command) => command.name) }, 'discord commands registered');
    return true;
  }

  private async applicationId(): Promise<string> {
    const known = this.client.application?.id;
    if (known) return known;
    const application = (await this.client.rest.get(Routes.currentApplication())) as APIApplication;
    return application.id;
  }

  private async storedHash(key: string): Promise<string | undefined> {
    try {
      return await this.options.store.get<string>(STORE_NAMESPACE, key);
    } catch (error) {
      // Registering again is harmless; refusing to start over it is not.
      this.logger.warn({ err: error }, 'discord command hash unreadable; registering');
      return undefined;
    }
  }

  private keepRaw(data: APIInteraction): void {
    if (this.raw.size >= RAW_KEPT) this.raw.delete(this.raw.keys().next().value!);
    this.raw.set(data.id, data);
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    const raw = this.raw.get(interaction.id);
    this.raw.delete(interaction.id);
    if (!raw) {
      this.logger.warn({ interaction: interaction.id, type: interaction.type }, 'discord interaction without its payload');
      return;
    }
    await this.handler.handle(interaction, raw);
  }

  private watchConnection(): void {
    const client = this.client;
    client.on(Events.ClientReady, () => {
      this.ready = true;
    });
    client.on(Events.ShardReady, (shard) => {
      this.down.delete(shard);
      this.lastError.delete(shard);
      // A second READY on a shard is a fresh session after the old one could not be resumed.
      if (this.seen.has(shard)) this.reconnected(shard, 'identified');
      this.seen.add(shard);
    });
    client.on(Events.ShardResume, (shard) => {
      this.down.delete(shard);
      this.lastError.delete(shard);
      this.reconnected(shard, 'resumed');
    });
    // discord.js resumes or reconnects by itself, with its own backoff; readiness says what is going on meanwhile.
    client.on(Events.ShardReconnecting, (shard) => {
      this.down.set(shard, `connection lost at ${new Date().toISOString()}; reconnecting`);
      this.logger.warn({ shard }, 'discord gateway reconnecting');
    });
    client.on(Events.ShardDisconnect, (event, shard) => {
      this.down.set(shard, `closed for good with code ${event.code}${event.reason ? ` (${event.reason})` : ''}`);
      this.logger.error({ shard, code: event.code }, 'discord gateway closed for good');
    });
    client.on(Events.ShardError, (error, shard) => {
      this.lastError.set(shard, error.message);
      this.logger.warn({ err: error, shard }, 'discord gateway error');
    });
    client.on(Events.Error, (error) => this.logger.error({ err: error }, 'discord client error'));
    client.on(Events.Warn, (message) => this.logger.warn({ detail: message }, 'discord client warning'));
    client.rest.on(RESTEvents.RateLimited, (info) =>
      this.logger.warn(
        { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope },
        'discord rate limited; waiting',
      ),
    );
  }

  private reconnected(shard: number, how: string): void {
    this.logger.info({ shard, how }, 'discord gateway back');
    this.options.onReconnect?.();
  }

  private track(work: Promise<void>): Promise<void> {
    return this.inflight.track(work);
  }
}

/** A channel message has no ephemeral flag; everything else is the rendered body as it is. */
function channelBody(reply: Reply): Omit<ReturnType<typeof renderMessage>, 'flags'> {
  const { embeds, components, allowed_mentions } = renderMessage(reply);
  return { embeds, components, allowed_mentions };
}

function asPostError(error: unknown, channel: string): Error {
  if (
    error instanceof DiscordAPIError &&
    (error.status === 403 || error.status === 404 || (typeof error.code === 'number' && PERMANENT_CODES.has(error.code)))
  ) {
    return new PermanentPostError(`discord ${error.status} ${error.code} (${error.message}) for channel ${channel}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

