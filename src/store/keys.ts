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
  posted: 'posted',
  tally: 'tally',
  applied: 'applied',
  stats: 'stats',
  board: 'board',
  boardTotals: 'boardtotals',
  practice: 'practice',
  periodBoard: 'periodboard',
  cron: 'cron',
  slackSeen: 'slack-seen',
  /** The open reports on one item (a term or a question) in one community. */
  reports: 'reports',
  /** A community's dashboard link token, and the way back from a token's hash to its community. */
  dashboard: 'dashboard',
  dashboardToken: 'dashboardtoken',
} as const;

/** Named sets (Store.sets). */
export const SETS = {
  /** The schedules that have communities, as schedule keys. */
  schedules: 'schedules',
  /** The communities (set members) on one schedule and not paused. */
  onSchedule: (scheduleKey: string) => `schedule:${scheduleKey}`,
  /** Every community that ever subscribed a channel. */
  communities: 'communities',
  /** Every community that ever opened a round, for the recovery at start and the boards' rebuild. */
  withRounds: 'withrounds',
  /** Every round (round ids) a community ever had, for a rebuild of its boards from the answer logs. */
  roundsOf: (ref: CommunityRef) => `rounds:${communityId(ref)}`,
  /** The items (term and question ids) with open reports in a community, for `/quiz reports`. */
  reportedOf: (ref: CommunityRef) => `reported:${communityId(ref)}`,
  /** The questions held in a community (open reports from enough members): rounds and practice skip them. */
  heldOf: (ref: CommunityRef) => `held:${communityId(ref)}`,
} as const;

/** The one string that names a community in keys: `<platform>:<community>`. */
export function communityId(ref: CommunityRef): string {
  return `${ref.platform}:${ref.community}`;
}

/** A community as a set member: both parts, so reading it back never splits a packed string. */
export function setMember(ref: CommunityRef): string {
  return JSON.stringify([ref.platform, ref.community]);
}

export function refOfMember(member: string): CommunityRef {
  const [platform, community] = JSON.parse(member) as [string, string];
  return { platform, community };
}

export const keys = {
  /** NS.subscriptions, NS.settings, NS.rounds (the community's round state), NS.boardTotals. */
  community: communityId,
  /** NS.round, NS.tally, NS.applied, and the answer log of the round. */
  round: (ref: CommunityRef, roundId: string) => `${communityId(ref)}:${roundId}`,
  /** NS.stats and NS.practice: one user in one community. */
  member: (ref: CommunityRef, userId: string) => `${communityId(ref)}:${userId}`,
  /** NS.board: the leaderboard bucket of one round, by its sequence number. */
  board: (ref: CommunityRef, seq: number) => `${communityId(ref)}:${seq}`,
  /** NS.periodBoard: the board of one week or month (or all time), by its period id. */
  period: (ref: CommunityRef, periodId: string) => `${communityId(ref)}:${periodId}`,
  /** NS.reports: the open reports on one item. */
  report: (ref: CommunityRef, itemId: string) => `${communityId(ref)}:${itemId}`,
  /** NS.posted: the claim of one channel's post of one round. */
  posted: (ref: CommunityRef, channel: string, roundId: string) => `${communityId(ref)}:${channel}:${roundId}`,
  /** Store.lock: one report or resolve of one item at a time, so a resolve never leaves a hold behind a report it deleted. */
  reportLock: (ref: CommunityRef, itemId: string) => `report:${communityId(ref)}:${itemId}`,
  /** Store.lock: one community's answers are counted by one holder at a time. */
  applyLock: (ref: CommunityRef) => `apply:${communityId(ref)}`,
  /** NS.slackSeen: a signed Slack request already taken, by the hash of its body. */
  seenBody: (body: string) => `body:${body}`,
  /** NS.dashboardToken: a dashboard token by the hex SHA-256 of the token (the token itself is never a key). */
  dashboardToken: (tokenHash: string) => tokenHash,
};
