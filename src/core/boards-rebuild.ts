/**
 * Recomputes every derived record of a community (the rounds' tallies, the members' stats,
 * the streak buckets and totals, the period boards) from the answer logs alone: the derived
 * records are deleted and the logs counted again in round order, the way they were counted
 * live, skipping voided rounds. Rounds answered before the answer log existed kept their
 * counts only in the round record; a community with such rounds is left as it is, since its
 * answers cannot be replayed.
 */
import { type CommunityRef, communityId, keys, NS } from '../store/keys.ts';
import { ALL_TIME } from './period-boards.ts';
import { periodsOfRound } from './periods.ts';
import type { RoundRecord } from './rounds.ts';
import type { Study } from './study.ts';

/** `community` names the community for people (its communityId). */
export type RebuildOutcome = { community: string; rebuilt: true; rounds: number; answers: number } | { community: string; rebuilt: false; reason: string };

export const LEGACY_REASON = 'has rounds answered before the answer log; their answers cannot be replayed';

/** Whether the community has rounds counted before the answer log (they cannot be recounted). */
export function hasLegacyRounds(all: RoundRecord[]): boolean {
  return all.some((round) => round.answered > 0);
}

export async function rebuildBoards(study: Study, ref: CommunityRef): Promise<RebuildOutcome> {
  const all = await study.rounds.allRounds(ref);
  if (hasLegacyRounds(all)) return { community: communityId(ref), rebuilt: false, reason: LEGACY_REASON };
  return study.rounds.exclusive(ref, (count) => recount(study, ref, all, count));
}

/**
 * The rebuild itself, for a caller holding the counting lock (`rounds.exclusive`). `highestSeq`
 * is the highest sequence number a board bucket may sit under, when a void has just moved the
 * later rounds down by one.
 */
export async function recount(study: Study, ref: CommunityRef, all: RoundRecord[], count: (round: RoundRecord) => Promise<void>, highestSeq = 0): Promise<RebuildOutcome> {
  const { store } = study;
  const users = new Set<string>();
  let answers = 0;
  const periods = new Set<string>([ALL_TIME]);
  for (const round of all) {
    const logged = await store.answers.after(keys.round(ref, round.roundId), 0, 1_000_000);
    // A voided round's answers count nowhere, but its players' records are rebuilt all the same.
    if (!round.voided) answers += logged.length;
    for (const entry of logged) users.add(entry.user);
    const of = periodsOfRound(round.roundId);
    if (of) for (const period of [of.week, of.month]) periods.add(period.id);
  }
  const lastSeq = Math.max(highestSeq, ...all.map((round) => round.seq), 0);
  const deletions = [
    ...[...users].map((user) => store.delete(NS.stats, keys.member(ref, user))),
    ...all.flatMap((round) => [store.delete(NS.tally, keys.round(ref, round.roundId)), store.delete(NS.applied, keys.round(ref, round.roundId))]),
    ...Array.from({ length: lastSeq + 1 }, (_, seq) => store.delete(NS.board, keys.board(ref, seq))),
    store.delete(NS.boardTotals, keys.community(ref)),
    ...[...periods].map((id) => store.delete(NS.periodBoard, keys.period(ref, id))),
  ];
  await Promise.all(deletions);
  const counted = all.filter((round) => !round.voided);
  for (const round of counted) await count(round);
  return { community: communityId(ref), rebuilt: true, rounds: counted.length, answers };
}
