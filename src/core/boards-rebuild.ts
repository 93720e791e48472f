/**
 * Recomputes every derived record of a community (the rounds' tallies, the members' stats,
 * the streak buckets and totals, the period boards) from the answer logs alone: the derived
 * records are deleted and the logs counted again in round order, the way they were counted
 * live. Rounds answered before the answer log existed kept their counts only in the round
 * record; a community with such rounds is left as it is, since its answers cannot be replayed.
 */
import { NS_APPLIED, NS_STATS, NS_TALLY, roundKey } from './answer-applier.ts';
import { bucketKey, NS_BUCKET, NS_TOTALS } from './leaderboard.ts';
import { ALL_TIME, NS_PERIOD_BOARD, periodBoardKey } from './period-boards.ts';
import { periodsOfRound } from './periods.ts';
import type { Study } from './study.ts';

export type RebuildOutcome = { community: string; rebuilt: true; rounds: number; answers: number } | { community: string; rebuilt: false; reason: string };

export async function rebuildBoards(study: Study, community: string): Promise<RebuildOutcome> {
  const { store, rounds } = study;
  const all = await rounds.allRounds(community);
  if (all.some((round) => round.answered > 0)) return { community, rebuilt: false, reason: 'has rounds answered before the answer log; their answers cannot be replayed' };
  const users = new Set<string>();
  let answers = 0;
  const periods = new Set<string>([ALL_TIME]);
  for (const round of all) {
    const logged = await store.answers.after(roundKey(community, round.roundId), 0, 1_000_000);
    answers += logged.length;
    for (const entry of logged) users.add(entry.user);
    const of = periodsOfRound(round.roundId);
    if (of) for (const period of [of.week, of.month]) periods.add(period.id);
  }
  const deletions = [
    ...[...users].map((user) => store.delete(NS_STATS, `${community}:${user}`)),
    ...all.flatMap((round) => [store.delete(NS_TALLY, roundKey(community, round.roundId)), store.delete(NS_APPLIED, roundKey(community, round.roundId))]),
    ...Array.from({ length: (all.at(-1)?.seq ?? 0) + 1 }, (_, seq) => store.delete(NS_BUCKET, bucketKey(community, seq))),
    store.delete(NS_TOTALS, community),
    ...[...periods].map((id) => store.delete(NS_PERIOD_BOARD, periodBoardKey(community, id))),
  ];
  await Promise.all(deletions);
  for (const round of all) await rounds.count(round);
  return { community, rebuilt: true, rounds: all.length, answers };
}
