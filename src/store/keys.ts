/**
 * Every namespace of the store and every key in it, built in one place. A community is two
 * parts, platform and the platform's own id; keys join them in the layout earlier versions
 * wrote (`<platform>:<community>:…`), so existing data reads as it is, and nothing ever splits
 * a key back into its parts: code that needs the parts has the CommunityRef itself.
 */
export interface CommunityRef {
  readonly platform: string;
  readonly community: string;
}

export const NS = {
  subscriptions: 'subs',
  settings: 'settings',
  round: 'round',
  rounds: 'rounds',
  roundsIndex: 'roundsindex',
  posted: 'posted',
  tally: 'tally',
  applied: 'applied',
  stats: 'stats',
  board: 'board',
  boardTotals: 'boardtotals',
  practice: 'practice',
  cron: 'cron',
  slackSeen: 'slackseen',
} as const;

/** Named sets (Store.sets). */
export const SETS = {
  /** The schedules that have communities, as schedule keys. */
  schedules: 'schedules',
  /** The communities (community ids) on one schedule and not paused. */
  onSchedule: (scheduleKey: string) => `schedule:${scheduleKey}`,
  /** Every community that ever subscribed a channel. */
  communities: 'communities',
} as const;

/** The one string that names a community in keys: `<platform>:<community>`. */
export function communityId(ref: CommunityRef): string {
  return `${ref.platform}:${ref.community}`;
}

export const keys = {
  community: communityId,
  round: (ref: CommunityRef, roundId: string) => `${communityId(ref)}:${roundId}`,
  member: (ref: CommunityRef, userId: string) => `${communityId(ref)}:${userId}`,
  posted: (ref: CommunityRef, channel: string, roundId: string) => `${communityId(ref)}:${channel}:${roundId}`,
};
