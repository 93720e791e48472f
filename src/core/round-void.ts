/**
 * `/quiz void <round>`: a round stops counting. Its answers leave every board and every
 * member's totals, and the round leaves the sequence streaks count, so a streak is neither
 * extended nor broken by it: the rounds after it move down by one, and the derived records
 * are counted again from the answer logs (the rebuild's recount), skipping it. A round still
 * open is closed first. Its posted messages are edited to say it was voided.
 */
import { type CommunityRef, keys, NS } from '../store/keys.ts';
import { hasLegacyRounds, recount } from './boards-rebuild.ts';
import { leaveRoundReviews } from './round-reviews.ts';
import type { Reply } from './reply.ts';
import type { CommunityRounds, RoundRecord } from './rounds.ts';
import type { Study } from './study.ts';

export type VoidOutcome =
  | { status: 'voided'; round: RoundRecord; answers: number; edited: number; posts: number; reviewsLeft: number }
  | { status: 'already'; round: RoundRecord }
  | { status: 'unknown' }
  /** Older than the community's recent rounds: moving every round after it would be unbounded. */
  | { status: 'tooOld'; round: RoundRecord }
  /** The community has rounds counted before the answer log, which cannot be counted again. */
  | { status: 'legacy' };

export async function voidRound(
  study: Study,
  ref: CommunityRef,
  roundId: string,
  by: string,
  render: (round: RoundRecord) => Reply | undefined,
): Promise<VoidOutcome> {
  const { store } = study;
  const key = keys.round(ref, roundId);
  const [record, state] = await Promise.all([store.get<RoundRecord>(NS.round, key), study.rounds.communityRounds(ref)]);
  if (!record) return { status: 'unknown' };
  if (record.voided) return { status: 'already', round: record };
  if (!state.recent.some((item) => item.roundId === roundId)) return { status: 'tooOld', round: record };
  if (hasLegacyRounds(await study.rounds.allRounds(ref))) return { status: 'legacy' };
  const at = study.clock.now().toISOString();
  const outcome = await study.rounds.exclusive(ref, async (count) => {
    // Marked first: whoever counts from here on (a press, the close, the recovery) skips it.
    const marked = await store.update<RoundRecord>(NS.round, key, (current) => {
      const round = current ?? record;
      return round.voided ? round : { ...round, status: 'closed', closedAt: round.closedAt ?? at, voided: { at, by } };
    });
    if (marked.voided?.at !== at) return { status: 'already' as const, round: marked };
    await store.answers.close(key);
    const highestSeq = await leaveSequence(study, ref, roundId, marked.seq);
    const answers = await logLength(study, key);
    await recount(study, ref, await study.rounds.allRounds(ref), count, highestSeq);
    return { status: 'voided' as const, round: marked, answers };
  });
  if (outcome.status === 'already') return outcome;
  // A round that had closed put its question into members' reviews, and those are taken back.
  // Outside the lock, as presses need not wait for it: the rounds before this one keep their
  // numbers when it leaves the sequence, so the same members are found as at its close.
  const reviewsLeft = record.status === 'closed' ? await leaveRoundReviews(study, ref, outcome.round) : 0;
  const reply = render(outcome.round);
  const edits = reply ? await study.posts.editAll(outcome.round.posts, reply) : { edited: 0 };
  return { ...outcome, edited: edits.edited, posts: outcome.round.posts.length, reviewsLeft };
}

/**
 * Takes the round out of the sequence: every later round moves down by one, and a voided
 * current round leaves its number to the next round. Returns the highest sequence number
 * before the move (board buckets may sit under it until the recount).
 */
async function leaveSequence(study: Study, ref: CommunityRef, roundId: string, seq: number): Promise<number> {
  const { store } = study;
  let later: string[] = [];
  let highest = seq;
  await store.update<CommunityRounds>(NS.rounds, keys.community(ref), (current) => {
    if (!current) throw new Error(`no rounds for ${keys.community(ref)}`);
    highest = current.seq;
    const shift = (n: number) => (n > seq ? n - 1 : n);
    later = current.recent.filter((item) => item.seq > seq).map((item) => item.roundId);
    const isCurrent = current.current?.roundId === roundId;
    return {
      ...current,
      seq: isCurrent ? current.seq : current.seq - 1,
      ...(current.current
        ? { current: isCurrent ? { ...current.current, voided: true as const } : { ...current.current, seq: shift(current.current.seq) } }
        : {}),
      recent: current.recent.filter((item) => item.roundId !== roundId).map((item) => ({ ...item, seq: shift(item.seq) })),
    };
  });
  // Bounded by the recent rounds kept (a round older than those is refused before this).
  for (const id of later) {
    await store.update<RoundRecord>(NS.round, keys.round(ref, id), (round) => (round && round.seq > seq ? { ...round, seq: round.seq - 1 } : round!));
  }
  return highest;
}

/** How many answers a round's log holds, read a page at a time. */
async function logLength(study: Study, roundKey: string): Promise<number> {
  let count = 0;
  let cursor = 0;
  for (let page = 0; page < 100_000; page += 1) {
    const answers = await study.store.answers.after(roundKey, cursor, 500);
    count += answers.length;
    if (answers.length < 500) break;
    cursor = answers.at(-1)!.idx;
  }
  return count;
}
