import { type CommunityRef, communityId, NS } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import type { Communities } from './communities.ts';
import type { Where } from './request.ts';

export interface Subscription extends Where {
  since: string;
  /** Consecutive posting failures; the channel is dropped after too many. */
  failures: number;
}

/** One record per community: subscribing in one community never rewrites another's. */
interface CommunityChannels {
  channels: Subscription[];
}

/** Where versions before per-community records kept every subscription, in one value. */
const LEGACY_KEY = 'all';

const sameChannel = (a: Where, b: Where) => a.channel === b.channel;
const refOf = (where: Pick<Where, 'platform' | 'community'>): CommunityRef => ({ platform: where.platform, community: where.community });

export class Subscriptions {
  constructor(
    private readonly store: Store,
    private readonly communities: Communities,
  ) {}

  async channels(ref: CommunityRef): Promise<Subscription[]> {
    return (await this.store.get<CommunityChannels>(NS.subscriptions, communityId(ref)))?.channels ?? [];
  }

  /** The channels of many communities in one read, in their order. */
  async channelsOf(refs: CommunityRef[]): Promise<Subscription[][]> {
    return (await this.store.getMany<CommunityChannels>(NS.subscriptions, refs.map(communityId))).map((record) => record?.channels ?? []);
  }

  async find(where: Where): Promise<Subscription | undefined> {
    return (await this.channels(where)).find((sub) => sameChannel(sub, where));
  }

  /** True when the channel was not subscribed before. */
  async subscribe(where: Where, now: Date): Promise<boolean> {
    let added = false;
    const after = await this.store.update<CommunityChannels>(NS.subscriptions, communityId(where), (record = { channels: [] }) => {
      if (record.channels.some((sub) => sameChannel(sub, where))) return record;
      added = true;
      const entry: Subscription = { platform: where.platform, community: where.community, channel: where.channel, since: now.toISOString(), failures: 0 };
      return { channels: [...record.channels, entry] };
    });
    // Indexed on every subscribe, not only the first channel's: when a call failed between the
    // record and the index, the admin's retry is what puts the community back on its schedule.
    await this.communities.reindex(refOf(where), after.channels.length > 0);
    return added;
  }

  /** True when the channel was subscribed. */
  async unsubscribe(where: Where): Promise<boolean> {
    let removed = false;
    const after = await this.store.update<CommunityChannels>(NS.subscriptions, communityId(where), (record = { channels: [] }) => {
      const channels = record.channels.filter((sub) => !sameChannel(sub, where));
      removed = channels.length !== record.channels.length;
      return { channels };
    });
    if (removed && after.channels.length === 0) await this.communities.reindex(refOf(where), false);
    return removed;
  }

  /** Counts a failed post; returns the new count. */
  async recordFailure(where: Where): Promise<number> {
    let count = 0;
    await this.store.update<CommunityChannels>(NS.subscriptions, communityId(where), (record = { channels: [] }) => ({
      channels: record.channels.map((sub) => {
        if (!sameChannel(sub, where)) return sub;
        count = sub.failures + 1;
        return { ...sub, failures: count };
      }),
    }));
    return count;
  }

  async recordSuccess(where: Where): Promise<void> {
    const current = await this.find(where);
    if (!current || current.failures === 0) return;
    await this.store.update<CommunityChannels>(NS.subscriptions, communityId(where), (record = { channels: [] }) => ({
      channels: record.channels.map((sub) => (sameChannel(sub, where) ? { ...sub, failures: 0 } : sub)),
    }));
  }

  /**
   * Moves the single list of earlier versions into per-community records and the schedule
   * indexes, once; a crash halfway leaves the list in place and the next start finishes it.
   */
  async upgrade(): Promise<number> {
    const legacy = await this.store.get<CommunityChannels>(NS.subscriptions, LEGACY_KEY);
    if (!legacy) return 0;
    for (const sub of legacy.channels) {
      await this.store.update<CommunityChannels>(NS.subscriptions, communityId(sub), (record = { channels: [] }) =>
        record.channels.some((known) => sameChannel(known, sub)) ? record : { channels: [...record.channels, sub] },
      );
      await this.communities.reindex(refOf(sub), true);
    }
    await this.store.delete(NS.subscriptions, LEGACY_KEY);
    return legacy.channels.length;
  }
}
