import { setTimeout as wait } from 'node:timers/promises';
import pLimit from 'p-limit';
import { type Adapter, PermanentPostError, RateLimitedError } from '../adapters/adapter.ts';
import type { CoreLogger } from '../core/logger.ts';
import { revealReply, roundQuestionReply, voidedReply } from '../core/quiz-render.ts';
import type { Reply } from '../core/reply.ts';
import { endedWeek, weeklyRecap } from '../core/weekly-recap.ts';
import { enterRoundReviews } from '../core/round-reviews.ts';
import { type CommunityPlan, DEFAULT_SCHEDULE, scheduleKey, scheduleOf } from '../core/communities.ts';
import type { Locale } from '../core/i18n.ts';
import { isPlatform, type Platform, type Where } from '../core/request.ts';
import type { PostRef, RoundRecord } from '../core/rounds.ts';
import type { Study } from '../core/study.ts';
import type { Subscription } from '../core/subscriptions.ts';
import { type CommunityRef, keys, NS } from '../store/keys.ts';
import { cronSchedule, roundIdFor } from './cron-schedule.ts';

const cronScheduleOf = (schedule: { cron: string; timezone: string }) => cronSchedule(schedule.cron, schedule.timezone);

export interface RoundJobOptions {
  study: Study;
  adapters: Partial<Record<Platform, Adapter>>;
  logger: CoreLogger;
  /** Channels posted to at once; the platforms' own rate limits pace the rest. */
  concurrency?: number;
  /** Consecutive failed posts after which a channel is unsubscribed. */
  maxFailures?: number;
  /** Attempts per post or edit when a call fails for a passing reason (network, 5xx). */
  attempts?: number;
  /**
   * Total time one post or edit may spend waiting on 429s before it gives up. Waits the
   * platform asks for do not use up attempts: a big workspace on Slack's Tier 3 chat.update
   * (about 50 a minute) needs many of them, and every one of them is expected.
   */
  rateLimitPatienceMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onPosted?: (platform: Platform) => void;
  /**
   * Shutdown: once aborted, no new post or edit starts and rate-limit waits end. Channels not
   * yet posted keep no claim, so the catch-up after the restart posts them.
   */
  signal?: AbortSignal;
  /** The schedule that fired (default: the deployment's own). */
  scheduleKey?: string;
}

export interface RoundReport {
  roundId: string;
  /** Communities that took part in this firing. */
  communities: number;
  /** Weekly recaps posted (with the first round of a week). */
  recaps: number;
  posted: number;
  skipped: number;
  failed: number;
  revealed: number;
  unsubscribed: number;
  /** Posts and reveals not started because the process is shutting down. */
  interrupted: number;
}

const POSTED_TTL_MS = 40 * 24 * 3600 * 1000;
/** Communities whose plans, channels and claims one read fetches. */
const READ_BATCH = 500;

/**
 * One firing of the daily quiz, as a plain function of (firing time, store, adapters):
 * the store closes the previous round, then, per subscribed channel, its message is revealed
 * in place while the new question is posted.
 * A (channel, round) is claimed in the store before posting, so no replica, retry or
 * restart posts it twice; a crash after the claim costs that channel one question rather
 * than a duplicate.
 */
export async function runRound(firing: Date, options: RoundJobOptions): Promise<RoundReport> {
  const { study, adapters, logger } = options;
  const key = options.scheduleKey ?? DEFAULT_SCHEDULE;
  const schedule = cronScheduleOf(scheduleOf(key, study.communities.defaults));
  const roundId = roundIdFor(firing, schedule);
  const report: RoundReport = { roundId, communities: 0, recaps: 0, posted: 0, skipped: 0, failed: 0, revealed: 0, unsubscribed: 0, interrupted: 0 };
  // Reveals and posts have their own lanes: a reveal throttled by the platform (Slack's
  // chat.update is far slower than chat.postMessage) never holds back a new question.
  const postLimit = pLimit(options.concurrency ?? 16);
  const revealLimit = pLimit(options.concurrency ?? 16);
  const communityLimit = pLimit(64);

  /** One recap per channel and week, claimed like a post; a failed recap never holds the question back. */
  const postRecap = async (sub: Subscription, weekId: string, recap: Reply) => {
    const claimed = await study.store.setIfAbsent(NS.posted, keys.posted({ platform: sub.platform, community: sub.community }, sub.channel, `recap:${weekId}`), { at: study.clock.now().toISOString() }, POSTED_TTL_MS);
    if (!claimed) return;
    try {
      await withRetry(() => adapters[sub.platform]!.post(sub, recap), options);
      report.recaps += 1;
    } catch (error) {
      logger.warn({ err: error, channel: sub.channel, week: weekId }, 'could not post the weekly recap');
    }
  };
  const runCommunity = async (ref: CommunityRef & { platform: Platform }, plan: CommunityPlan, subs: Subscription[], claimed: Set<string>) => {
    // The index can trail a change by a moment; the plan decides. A firing from before the
    // last change of schedule or the resume is never posted, not even by a catch-up.
    if (plan.paused || scheduleKey(plan) !== key || (plan.since && firing.getTime() < Date.parse(plan.since))) return;
    if (subs.length === 0) return;
    report.communities += 1;
    // Channels already claimed for this round (a catch-up after a restart) need nothing more;
    // the claim below stays the one that decides for the rest.
    const pending = subs.filter((sub) => !claimed.has(keys.posted(ref, sub.channel, roundId)));
    report.skipped += subs.length - pending.length;
    if (pending.length === 0) return;
    const opened = await study.rounds.open(ref, roundId, { freezes: plan.freezes, ...(plan.chapters ? { chapters: plan.chapters } : {}) });
    if (!opened) return;
    const { round, previous } = opened;
    // A voided round is not posted again (a catch-up after a restart on the day of the void).
    if (round.voided) return;
    // The store closed the previous round inside open(): no answer counts for it from here
    // on, so editing its messages can run beside the new posts.
    const revealing = (async () => {
      if (!previous) return;
      report.revealed += await reveal(ref, previous, plan.locale, options, revealLimit, report);
      // The closed round's question comes back in the review of those who missed it or got it wrong.
      if (!options.signal?.aborted) {
        try {
          await enterRoundReviews(study, ref, previous);
        } catch (error) {
          logger.warn({ err: error, community: ref.community, round: previous.roundId }, 'could not enter the round into reviews');
        }
      }
    })();
    const question = study.rounds.question(round.questionId);
    if (!question) {
      await revealing;
      return;
    }
    const adapter = adapters[ref.platform]!;
    // The first round of a new week brings the recap of the week that ended, before its question.
    // A retry of a round opened before (a restart mid-round) finds the round before it in the community's list.
    const before = previous ?? (plan.recap ? await roundBefore(study, ref, round.seq) : undefined);
    const week = plan.recap ? endedWeek(before, round) : undefined;
    const recap = week ? await weeklyRecap(study, ref, week, plan.locale) : undefined;
    const posting = Promise.all(
      pending.map((sub) =>
        postLimit(async () => {
          if (options.signal?.aborted) {
            report.interrupted += 1;
            return;
          }
          if (recap && week) await postRecap(sub, week.id, recap);
          const claimed = await study.store.setIfAbsent(
            NS.posted,
            keys.posted(ref, sub.channel, roundId),
            { at: study.clock.now().toISOString() },
            POSTED_TTL_MS,
          );
          if (!claimed) {
            report.skipped += 1;
            return;
          }
          try {
            const message = await withRetry(() => adapter.post(sub, roundQuestionReply(question, round, plan.locale, study.content.book)), options);
            const post: PostRef = { platform: sub.platform, community: ref.community, channel: sub.channel, messageId: message.messageId };
            const recorded = await study.rounds.addPost(ref, roundId, post);
            // Voided while this post was on its way: the void edited the posts it knew of, not this one.
            if (recorded.voided) await editPost(post, voidedReply(question, recorded, plan.locale), options).catch((error: unknown) => logger.warn({ err: error, channel: sub.channel, round: roundId }, 'could not mark a post of a voided round'));
            await study.subscriptions.recordSuccess(sub);
            report.posted += 1;
            options.onPosted?.(sub.platform);
          } catch (error) {
            if (options.signal?.aborted) {
              // Cut short by shutdown, not the channel's fault. The claim stays: whether the
              // post went out is unknown, and a missed question beats a double one.
              report.interrupted += 1;
              return;
            }
            report.failed += 1;
            if (await dropIfHopeless(sub, error, options)) report.unsubscribed += 1;
          }
        }),
      ),
    );
    await Promise.all([revealing, posting]);
  };

  const work: Array<Promise<void>> = [];
  const listed = (await study.communities.onSchedule(key)).filter(
    (ref): ref is CommunityRef & { platform: Platform } => isPlatform(ref.platform) && !!adapters[ref.platform],
  );
  // Plans, channels and claims are read for a batch of communities at a time: a catch-up after a
  // restart finds most channels posted already, and then costs three reads per batch rather
  // than several per community.
  for (let from = 0; from < listed.length; from += READ_BATCH) {
    const batch = listed.slice(from, from + READ_BATCH);
    const [plans, channels] = await Promise.all([study.communities.plans(batch), study.subscriptions.channelsOf(batch)]);
    const claimKeys = batch.flatMap((ref, i) => channels[i]!.map((sub) => keys.posted(ref, sub.channel, roundId)));
    const claims = claimKeys.length > 0 ? await study.store.getMany(NS.posted, claimKeys) : [];
    const claimed = new Set(claimKeys.filter((_, i) => claims[i] !== undefined));
    work.push(...batch.map((ref, i) => communityLimit(() => runCommunity(ref, plans[i]!, channels[i]!, claimed))));
  }
  await Promise.all(work);
  if (report.communities > 0 || report.posted > 0) logger.info({ ...report, schedule: key }, 'round done');
  return report;
}

async function reveal(ref: CommunityRef & { platform: Platform }, previous: RoundRecord, locale: Locale, options: RoundJobOptions, limit: ReturnType<typeof pLimit>, report: RoundReport): Promise<number> {
  const { study, adapters, logger } = options;
  const question = study.rounds.question(previous.questionId);
  // A voided round's messages already say so.
  if (!question || previous.voided) return 0;
  const reply = revealReply(question, previous, locale, study.search);
  if (!adapters[ref.platform]) return 0;
  let revealed = 0;
  await Promise.all(
    previous.posts.map((post) =>
      limit(async () => {
        if (options.signal?.aborted) {
          report.interrupted += 1;
          return;
        }
        try {
          await editPost(post, reply, options);
          revealed += 1;
        } catch (error) {
          logger.warn({ err: error, channel: post.channel, round: previous.roundId }, 'could not reveal the previous round');
        }
      }),
    ),
  );
  return revealed;
}

/**
 * Replaces one posted message, with the retries and 429 waits of every post and edit; the
 * reveal and `/quiz void` (through study.posts, connected in main.ts) both edit this way.
 */
export async function editPost(post: PostRef, reply: Reply, options: Pick<RoundJobOptions, 'adapters' | 'attempts' | 'rateLimitPatienceMs' | 'sleep' | 'signal'>): Promise<void> {
  const adapter = isPlatform(post.platform) ? options.adapters[post.platform] : undefined;
  if (!adapter) throw new Error(`no adapter for ${post.platform}`);
  const where: Where = { platform: adapter.platform, community: post.community, channel: post.channel };
  await withRetry(() => adapter.edit({ ...where, messageId: post.messageId }, reply), options);
}

async function roundBefore(study: Study, ref: CommunityRef, seq: number): Promise<RoundRecord | undefined> {
  const entry = (await study.rounds.communityRounds(ref)).recent.find((item) => item.seq === seq - 1);
  return entry ? study.rounds.round(ref, entry.roundId) : undefined;
}

const DEFAULT_PATIENCE_MS = 30 * 60 * 1000;
/** Keeps a platform that answers 429 with a zero delay from spinning us forever. */
const MAX_RATE_LIMITED_TRIES = 500;

async function withRetry<T>(work: () => Promise<T>, options: Pick<RoundJobOptions, 'attempts' | 'rateLimitPatienceMs' | 'sleep' | 'signal'>): Promise<T> {
  const attempts = options.attempts ?? 3;
  const patience = options.rateLimitPatienceMs ?? DEFAULT_PATIENCE_MS;
  const signal = options.signal;
  const sleep = options.sleep ?? ((ms: number) => wait(ms, undefined, signal ? { signal } : {}));
  let failures = 0;
  let waited = 0;
  for (let tries = 1; ; tries += 1) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PermanentPostError || signal?.aborted) throw error;
      if (error instanceof RateLimitedError) {
        if (waited + error.retryAfterMs > patience || tries >= MAX_RATE_LIMITED_TRIES) throw error;
        waited += error.retryAfterMs;
        await sleep(error.retryAfterMs);
        continue;
      }
      failures += 1;
      if (failures >= attempts) throw error;
      await sleep(250 * failures);
    }
  }
}

async function dropIfHopeless(sub: Subscription, error: unknown, options: RoundJobOptions): Promise<boolean> {
  const failures = await options.study.subscriptions.recordFailure(sub);
  const permanent = error instanceof PermanentPostError;
  options.logger.error({ err: error, platform: sub.platform, community: sub.community, channel: sub.channel, failures, permanent }, 'could not post the round');
  if (failures >= (options.maxFailures ?? 3)) {
    await options.study.subscriptions.unsubscribe(sub);
    options.logger.warn({ platform: sub.platform, community: sub.community, channel: sub.channel, failures }, 'unsubscribed a channel that keeps failing');
    return true;
  }
  return false;
}
