import { type CommunityRef, communityId, NS, refOfMember, SETS, setMember } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import type { Locale } from './i18n.ts';

/** What a community chose; a setting it never made is absent and falls back to the defaults. */
interface StoredSettings {
  cron?: string;
  timezone?: string;
  locale?: Locale;
  paused?: boolean;
  freezes?: boolean;
  recap?: boolean;
  /** The chapters the daily questions come from (absent: all). */
  chapters?: string[];
  /** When the schedule last changed or the quiz resumed: catch-up never posts a firing before it. */
  since?: string;
}

/** A community's study plan as every caller sees it: its own choices over the deployment's defaults. */
export interface CommunityPlan {
  cron: string;
  timezone: string;
  locale: Locale;
  paused: boolean;
  /** Streak freezes (default on). */
  freezes: boolean;
  /** The weekly recap (default on). */
  recap: boolean;
  /** The chapters the daily questions come from; absent means every chapter of the book. */
  chapters?: string[];
  since?: string;
  /** True when the community set its own schedule (time, days or zone). */
  customSchedule: boolean;
}

export interface PlanDefaults {
  cron: string;
  timezone: string;
  locale: Locale;
}

/** The schedule key of communities that keep the deployment's schedule, whatever QUIZ_CRON says today. */
export const DEFAULT_SCHEDULE = 'default';

/** A schedule key: `default`, or the cron and zone a community chose. */
export function scheduleKey(plan: Pick<CommunityPlan, 'cron' | 'timezone' | 'customSchedule'>): string {
  return plan.customSchedule ? JSON.stringify([plan.cron, plan.timezone]) : DEFAULT_SCHEDULE;
}

/** The cron and zone behind a schedule key. */
export function scheduleOf(key: string, defaults: PlanDefaults): { cron: string; timezone: string } {
  if (key === DEFAULT_SCHEDULE) return { cron: defaults.cron, timezone: defaults.timezone };
  const [cron, timezone] = JSON.parse(key) as [string, string];
  return { cron, timezone };
}

const memberOf = setMember;
const refOf = refOfMember;

/**
 * The community's home: its settings with the deployment's defaults (a community that never
 * set anything follows QUIZ_CRON, QUIZ_TIMEZONE and DEFAULT_LOCALE, and follows them when they
 * change), and the indexes the schedule reads. A community with subscribed channels and not
 * paused is in the set of its schedule, so a firing reads one set, and a firing with nobody on
 * it costs one store operation however many communities the deployment serves.
 */
export class Communities {
  private readonly scheduleWatchers: Array<(key: string) => void> = [];

  constructor(
    private readonly store: Store,
    readonly defaults: PlanDefaults,
  ) {}

  async plan(ref: CommunityRef): Promise<CommunityPlan> {
    return this.resolve(await this.store.get<StoredSettings>(NS.settings, communityId(ref)));
  }

  /** The plans of many communities in one read, in their order. */
  async plans(refs: CommunityRef[]): Promise<CommunityPlan[]> {
    return (await this.store.getMany<StoredSettings>(NS.settings, refs.map(communityId))).map((stored) => this.resolve(stored));
  }

  /** Sets the schedule; from the next firing on, and never a catch-up of a firing before now. */
  async setSchedule(ref: CommunityRef, schedule: { cron: string; timezone: string }, now: Date): Promise<CommunityPlan> {
    return this.change(ref, (current) => ({ ...current, cron: schedule.cron, timezone: schedule.timezone, since: now.toISOString() }));
  }

  async setLocale(ref: CommunityRef, locale: Locale): Promise<CommunityPlan> {
    return this.change(ref, (current) => ({ ...current, locale }));
  }

  /** Turns streak freezes or the weekly recap on or off for the community. */
  async setSwitch(ref: CommunityRef, name: 'freezes' | 'recap', on: boolean): Promise<CommunityPlan> {
    return this.change(ref, (current) => ({ ...current, [name]: on }));
  }

  /** The chapters the daily questions come from; undefined (or none) means all of them. */
  async setChapters(ref: CommunityRef, chapters: string[] | undefined): Promise<CommunityPlan> {
    return this.change(ref, ({ chapters: _previous, ...current }) => (chapters && chapters.length > 0 ? { ...current, chapters } : current));
  }

  /** Pauses or resumes; a resume counts as a change, so no firing from the pause is caught up. */
  async setPaused(ref: CommunityRef, paused: boolean, now: Date): Promise<CommunityPlan> {
    return this.change(ref, (current) => (paused ? { ...current, paused: true } : { ...current, paused: false, since: now.toISOString() }));
  }

  /** The communities due on a schedule's firing: subscribed, not paused. */
  async onSchedule(key: string): Promise<CommunityRef[]> {
    return (await this.store.sets.members(SETS.onSchedule(key))).map(refOf);
  }

  /** The schedule keys that have, or had, communities on them; the default is always there. */
  async scheduleKeys(): Promise<string[]> {
    const custom = await this.store.sets.members(SETS.schedules);
    return [DEFAULT_SCHEDULE, ...custom.filter((key) => key !== DEFAULT_SCHEDULE)];
  }

  /** Every community that ever subscribed a channel. */
  async all(): Promise<CommunityRef[]> {
    return (await this.store.sets.members(SETS.communities)).map(refOf);
  }

  /** Told of each schedule a community here moves to, so its timer starts before its first firing. */
  watchSchedules(watcher: (key: string) => void): void {
    this.scheduleWatchers.push(watcher);
  }

  /** Puts the community in the set of its schedule when it has channels and is not paused, else takes it out. */
  async reindex(ref: CommunityRef, subscribed: boolean, plan?: CommunityPlan): Promise<void> {
    const current = plan ?? (await this.plan(ref));
    const key = scheduleKey(current);
    const member = memberOf(ref);
    if (subscribed) await this.store.sets.add(SETS.communities, member);
    if (subscribed && !current.paused) {
      if (key !== DEFAULT_SCHEDULE) await this.store.sets.add(SETS.schedules, key);
      await this.store.sets.add(SETS.onSchedule(key), member);
      for (const watcher of this.scheduleWatchers) watcher(key);
    } else {
      await this.store.sets.remove(SETS.onSchedule(key), member);
    }
  }

  private async change(ref: CommunityRef, edit: (current: StoredSettings) => StoredSettings): Promise<CommunityPlan> {
    let before: StoredSettings | undefined;
    const after = await this.store.update<StoredSettings>(NS.settings, communityId(ref), (current = {}) => {
      before = current;
      return edit(current);
    });
    const [previous, next] = [this.resolve(before), this.resolve(after)];
    const member = memberOf(ref);
    const subscribed = (await this.store.get<{ channels: unknown[] }>(NS.subscriptions, communityId(ref)))?.channels.length ?? 0;
    if (scheduleKey(previous) !== scheduleKey(next)) await this.store.sets.remove(SETS.onSchedule(scheduleKey(previous)), member);
    await this.reindex(ref, subscribed > 0, next);
    return next;
  }

  private resolve(stored: StoredSettings | undefined): CommunityPlan {
    const customSchedule = stored?.cron !== undefined || stored?.timezone !== undefined;
    const plan: CommunityPlan = {
      cron: stored?.cron ?? this.defaults.cron,
      timezone: stored?.timezone ?? this.defaults.timezone,
      locale: stored?.locale ?? this.defaults.locale,
      paused: stored?.paused ?? false,
      freezes: stored?.freezes ?? true,
      recap: stored?.recap ?? true,
      customSchedule,
    };
    if (stored?.since) plan.since = stored.since;
    if (stored?.chapters && stored.chapters.length > 0) plan.chapters = stored.chapters;
    return plan;
  }
}
