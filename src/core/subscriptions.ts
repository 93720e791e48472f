import type { Store } from '../store/store.ts';
import type { Where } from './request.ts';

export interface Subscription extends Where {
  since: string;
  /** Consecutive posting failures; the channel is dropped after too many. */
  failures: number;
}

interface SubscriptionIndex {
  channels: Subscription[];
}

const NS = 'subs';
const KEY = 'all';

const same = (a: Where, b: Where) => a.platform === b.platform && a.community === b.community && a.channel === b.channel;

export class Subscriptions {
  constructor(private readonly store: Store) {}

  async list(): Promise<Subscription[]> {
    return (await this.store.get<SubscriptionIndex>(NS, KEY))?.channels ?? [];
  }

  async find(where: Where): Promise<Subscription | undefined> {
    return (await this.list()).find((sub) => same(sub, where));
  }

  /** True when the channel was not subscribed before. */
  async subscribe(where: Where, now: Date): Promise<boolean> {
    let added = false;
    await this.store.update<SubscriptionIndex>(NS, KEY, (index = { channels: [] }) => {
      if (index.channels.some((sub) => same(sub, where))) return index;
      added = true;
      const entry: Subscription = { platform: where.platform, community: where.community, channel: where.channel, since: now.toISOString(), failures: 0 };
      return { channels: [...index.channels, entry] };
    });
    return added;
  }

  /** True when the channel was subscribed. */
  async unsubscribe(where: Where): Promise<boolean> {
    let removed = false;
    await this.store.update<SubscriptionIndex>(NS, KEY, (index = { channels: [] }) => {
      const channels = index.channels.filter((sub) => !same(sub, where));
      removed = channels.length !== index.channels.length;
      return { channels };
    });
    return removed;
  }

  /** Counts a failed post; returns the new count. */
  async recordFailure(where: Where): Promise<number> {
    let count = 0;
    await this.store.update<SubscriptionIndex>(NS, KEY, (index = { channels: [] }) => ({
      channels: index.channels.map((sub) => {
        if (!same(sub, where)) return sub;
        count = sub.failures + 1;
        return { ...sub, failures: count };
      }),
    }));
    return count;
  }

  async recordSuccess(where: Where): Promise<void> {
    const current = await this.find(where);
    if (!current || current.failures === 0) return;
    await this.store.update<SubscriptionIndex>(NS, KEY, (index = { channels: [] }) => ({
      channels: index.channels.map((sub) => (same(sub, where) ? { ...sub, failures: 0 } : sub)),
    }));
  }
}
