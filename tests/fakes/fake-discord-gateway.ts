/**
 * The gateway half of the fake Discord: HELLO, heartbeat ACKs, IDENTIFY → READY and
 * one GUILD_CREATE per guild, RESUME → RESUMED, and dispatches sent on demand.
 * Payloads follow the shapes in Discord's gateway documentation.
 */
import type { WebSocket } from 'ws';

export interface FakeChannel {
  id: string;
  name: string;
}

/** Channel, role and member ids are the guild's id plus a small offset (channels < 100, roles < 1000, members above). */
export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** Extra members besides the bot, as GUILD_CREATE carries them for a small server. */
  members: number;
  roles: number;
}

export interface BotIdentity {
  appId: string;
  botUserId: string;
  botName: string;
}

export interface Identify {
  token: string;
  intents: number;
  shard?: [number, number];
}

export const GatewayOp = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

const CREATED = '2024-01-01T00:00:00.000000+00:00';

/** A guild's GUILD_CREATE body: channels, roles and a few members. */
export function guildCreate(guild: FakeGuild, bot: BotIdentity): Record<string, unknown> {
  const botMember = { user: botUser(bot), roles: [], joined_at: CREATED, deaf: false, mute: false, flags: 0, nick: null, avatar: null };
  const members = Array.from({ length: guild.members }, (_, index) => {
    const id = String(BigInt(guild.id) + 1000n + BigInt(index));
    return {
      user: { id, username: `member${index}`, global_name: `Member ${index}`, discriminator: '0', avatar: null, public_flags: 0 },
      roles: [],
      joined_at: CREATED,
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      pending: false,
    };
  });
  const roles = [
    { id: guild.id, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ...Array.from({ length: Math.max(0, guild.roles - 1) }, (_, index) => ({
      id: String(BigInt(guild.id) + 100n + BigInt(index)),
      name: `role ${index}`,
      permissions: '0',
      position: index + 1,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    })),
  ];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: members[0]?.user.id ?? bot.botUserId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'ko',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    emojis: [],
    stickers: [],
    roles,
    joined_at: CREATED,
    large: false,
    unavailable: false,
    member_count: members.length + 1,
    voice_states: [],
    members: [botMember, ...members],
    channels: guild.channels.map((channel, position) => ({
      id: channel.id,
      type: 0,
      guild_id: guild.id,
      name: channel.name,
      position,
      permission_overwrites: [],
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
    })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function botUser(bot: BotIdentity): Record<string, unknown> {
  return {
    id: bot.botUserId,
    username: bot.botName,
    global_name: null,
    discriminator: '0',
    avatar: null,
    bot: true,
    verified: true,
    flags: 0,
    mfa_enabled: true,
  };
}

/** A gateway session; a RESUME moves it onto the new connection. */
export class GatewaySession {
  seq = 0;
  sessionId: string | undefined;
  identify: Identify | undefined;
  resumed = 0;
  /** Heartbeats received and ACKed on this session (over every connection it has had). */
  heartbeats = 0;

  constructor(public socket: WebSocket) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(op: number, d: unknown, t?: string): void {
    if (!this.open) return;
    const payload = t ? { op, d, s: ++this.seq, t } : { op, d, s: null, t: null };
    this.socket.send(JSON.stringify(payload));
  }

  dispatch(t: string, d: unknown): void {
    this.send(GatewayOp.Dispatch, d, t);
  }
}
