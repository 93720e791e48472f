/**
 * How the discord.js client is built: the one intent the commands need and caches
 * held at zero for everything the bot never reads, so a bot idle in many servers stays light.
 */
import { type ClientOptions, GatewayIntentBits, type GuildMember, Options, type User } from 'discord.js';

export interface ClientSettings {
  apiUrl: string;
  shard?: { id: number; count: number };
}

const NONE = 0;

/** The bot's own user and member stay: discord.js reads them for `client.user` and `guild.members.me`. */
const isSelf = (entry: User | GuildMember): boolean => entry.id === entry.client.user?.id;

export function clientOptions(settings: ClientSettings): ClientOptions {
  const options: ClientOptions = {
    // Slash commands and buttons arrive without any intent; Guilds gives the server list and channels.
    intents: [GatewayIntentBits.Guilds],
    partials: [],
    // A default for every body, on top of the explicit one each rendered message carries.
    allowedMentions: { parse: [] },
    rest: { api: settings.apiUrl },
    makeCache: Options.cacheWithLimits({
      MessageManager: NONE,
      GuildMemberManager: { maxSize: NONE, keepOverLimit: isSelf },
      UserManager: { maxSize: NONE, keepOverLimit: isSelf },
      PresenceManager: NONE,
      ReactionManager: NONE,
      ReactionUserManager: NONE,
      ThreadManager: NONE,
      ThreadMemberManager: NONE,
      VoiceStateManager: NONE,
      GuildEmojiManager: NONE,
      BaseGuildEmojiManager: NONE,
      GuildStickerManager: NONE,
      GuildBanManager: NONE,
      GuildInviteManager: NONE,
      GuildScheduledEventManager: NONE,
      StageInstanceManager: NONE,
      AutoModerationRuleManager: NONE,
      ApplicationCommandManager: NONE,
      ApplicationEmojiManager: NONE,
      EntitlementManager: NONE,
    }),
  };
  if (settings.shard) {
    options.shards = [settings.shard.id];
    options.shardCount = settings.shard.count;
  }
  return options;
}
