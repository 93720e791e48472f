/**
 * Recomputes every derived record of a community (the rounds' tallies, the members' stats,
 * the streak buckets and totals, the period boards) from the answer logs alone: the derived
 * records are deleted and the logs counted again in round order, the way they were counted
 * live. Rounds answered before the answer log existed kept their counts only in the round
 * record; a community with such rounds is left as it is, since its answers cannot be replayed.
 */
import { type CommunityRef, communityId, keys, NS } from '../store/keys.ts';
import { ALL_TIME } from './period-boards.ts';
import { periodsOfRound } from './periods.ts';
import type { Study } from './study.ts';

/** `community` names the community for people (its communityId). */
export type RebuildOutcome = { community: string; rebuilt: true; rounds: number; answers: number } | { community: string; rebuilt: false; reason: string };

export async function rebuildBoards(study: Study, ref: CommunityRef): Promise<RebuildOutcome> {
  const { store, rounds } = study;
  const community = communityId(ref);
  const all = await rounds.allRounds(ref);
  if (all.some((round) => round.answered > 0)) return { community, rebuilt: false, reason: 'has rounds answered before the answer log; their answers cannot be replayed' };
  const users = new Set<string>();
  let answers = 0;
  const periods = new Set<string>([ALL_TIME]);
  for (const round of all) {
    const logged = await store.answers.after(keys.round(ref, round.roundId), 0, 1_000_000);
    answers += logged.length;
    for (const entry of logged) users.add(entry.user);
    const of = periodsOfRound(round.roundId);
    if (of) for (const period of [of.week, of.month]) periods.add(period.id);
  }
  const deletions = [
    ...[...users].map((user) => store.delete(NS.stats, keys.member(ref, user))),
    ...all.flatMap((round) => [store.delete(NS.tally, keys.round(ref, round.roundId)), store.delete(NS.applied, keys.round(ref, round.roundId))]),
    ...Array.from({ length: (all.at(-1)?.seq ?? 0) + 1 }, (_, seq) => store.delete(NS.board, keys.board(ref, seq))),
    store.delete(NS.boardTotals, keys.community(ref)),
    ...[...periods].map((id) => store.delete(NS.periodBoard, keys.period(ref, id))),
  ];
  await Promise.all(deletions);
  for (const round of all) await rounds.count(ref, round);
  return { community, rebuilt: true, rounds: all.length, answers };
}
