/**
 * What `users.info` says about a user (locale, admin, name), cached so a command
 * does not cost a Web API round trip. A locale may be an hour old; whether
 * someone is an admin only a few minutes.
 */
import type { webApi } from '@slack/bolt';
import type { CoreLogger } from '../../core/logger.ts';

export interface SlackProfile {
  locale?: string;
  realName?: string;
  /** Workspace admin or owner. */
  canManage: boolean;
}

export type ProfileLookup = (userId: string) => Promise<SlackProfile>;

export interface UserDirectoryOptions {
  lookup: ProfileLookup;
  logger: CoreLogger;
  clock?: () => number;
  localeTtlMs?: number;
  manageTtlMs?: number;
  /** A failed lookup is not retried for this long (a missing scope would otherwise cost a call per command). */
  failureTtlMs?: number;
  /** How long a command waits for a locale it does not have yet before going on with the default. */
  localeBudgetMs?: number;
  maxEntries?: number;
}

interface Entry {
  profile?: SlackProfile;
  at: number;
}

export class UserDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<SlackProfile | undefined>>();
  private readonly clock: () => number;
  private readonly localeTtlMs: number;
  private readonly manageTtlMs: number;
  private readonly failureTtlMs: number;
  private readonly localeBudgetMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: UserDirectoryOptions) {
    this.clock = options.clock ?? Date.now;
    this.localeTtlMs = options.localeTtlMs ?? 60 * 60_000;
    this.manageTtlMs = options.manageTtlMs ?? 5 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 60_000;
    this.localeBudgetMs = options.localeBudgetMs ?? 250;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The profile for locale and name: cached, or whatever a lookup returns within the short budget. */
  async forDisplay(userId: string): Promise<SlackProfile | undefined> {
    const entry = this.fresh(userId, this.localeTtlMs);
    if (entry) return entry.profile;
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.localeBudgetMs);
    });
    // The lookup goes on after the budget and fills the cache for the next command.
    const profile = await Promise.race([this.load(userId), budget]);
    clearTimeout(timer);
    return profile;
  }

  /** Whether the user may manage subscriptions, from a profile at most a few minutes old; unknown means no. */
  async canManage(userId: string): Promise<boolean> {
    const entry = this.fresh(userId, this.manageTtlMs);
    const profile = entry ? entry.profile : await this.load(userId);
    return profile?.canManage === true;
  }

  /** Only what is already known: never waits. */
  cached(userId: string): SlackProfile | undefined {
    return this.fresh(userId, this.localeTtlMs)?.profile;
  }

  private fresh(userId: string, ttlMs: number): Entry | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    const age = this.clock() - entry.at;
    return age < (entry.profile ? ttlMs : this.failureTtlMs) ? entry : undefined;
  }

  private load(userId: string): Promise<SlackProfile | undefined> {
    const running = this.pending.get(userId);
    if (running) return running;
    const started = this.options
      .lookup(userId)
      .then(
        (profile) => {
          this.remember(userId, { profile, at: this.clock() });
          return profile;
        },
        (error: unknown) => {
          this.options.logger.warn({ err: error, user: userId }, 'slack users.info failed; using the default locale');
          this.remember(userId, { at: this.clock() });
          return undefined;
        },
      )
      .finally(() => this.pending.delete(userId));
    this.pending.set(userId, started);
    return started;
  }

  private remember(userId: string, entry: Entry): void {
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    // Oldest first in insertion order, so the map stays bounded in a huge workspace.
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

/** The parts of users.info the bot uses: the admin flag, the locale and the real name. */
export function profileOf(result: webApi.UsersInfoResponse): SlackProfile {
  const user = result.user;
  const profile: SlackProfile = { canManage: Boolean(user?.is_admin || user?.is_owner) };
  if (user?.locale) profile.locale = user.locale;
  const realName = user?.real_name || user?.profile?.real_name;
  if (realName) profile.realName = realName;
  return profile;
}
