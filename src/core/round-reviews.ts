/**
 * Missed questions come back: when a daily round closes, its question enters the review (the
 * practice FSRS cards) of every member who answered it wrong and of every member who takes
 * part but did not answer it. "Takes part" is bounded by what the store holds cheaply: the
 * members who answered one of the community's ACTIVE_ROUNDS rounds before this one, read from
 * those rounds' answer logs a page at a time, so a community of 100,000 members who stopped
 * playing long ago costs nothing, and the writes go out a batch at a time.
 */
import pLimit from 'p-limit';
import { type CommunityRef, keys } from '../store/keys.ts';
import type { RoundRecord } from './rounds.ts';
import type { Study } from './study.ts';

/** The rounds before a closed one whose players count as taking part: a week of daily rounds. */
export const ACTIVE_ROUNDS = 7;
const PAGE = 500;
/** Practice records written at once. */
const WRITES_AT_ONCE = 16;

export interface ReviewsEntered {
  wrong: number;
  missed: number;
}

export async function enterRoundReviews(study: Study, ref: CommunityRef, round: RoundRecord): Promise<ReviewsEntered> {
  if (round.voided) return { wrong: 0, missed: 0 };
  const { wrong, missed } = await reviewMembers(study, ref, round);
  const questionId = round.questionId;
  const at = new Date(round.closedAt ?? study.clock.now().toISOString());
  await eachMember([...wrong, ...missed], (user) => study.practice.enterReview(ref, user, questionId, at, round.roundId));
  return { wrong: wrong.length, missed: missed.size };
}

/**
 * A voided round takes back the reviews its close put in: the same members are found the same
 * way (the rounds before it keep their numbers when it leaves the sequence, so this may run
 * after), and each card is put back as it was.
 */
export async function leaveRoundReviews(study: Study, ref: CommunityRef, round: RoundRecord): Promise<number> {
  const { wrong, missed } = await reviewMembers(study, ref, round);
  let left = 0;
  await eachMember([...wrong, ...missed], async (user) => {
    if (await study.practice.leaveReview(ref, user, round.questionId, round.roundId)) left += 1;
  });
  return left;
}

async function eachMember(members: string[], work: (user: string) => Promise<unknown>): Promise<void> {
  const limit = pLimit(WRITES_AT_ONCE);
  for (let from = 0; from < members.length; from += PAGE) {
    await Promise.all(members.slice(from, from + PAGE).map((user) => limit(() => work(user))));
  }
}

/** Who the round's question goes to for review: those who answered it wrong, and those who take part but did not answer it. */
async function reviewMembers(study: Study, ref: CommunityRef, round: RoundRecord): Promise<{ wrong: string[]; missed: Set<string> }> {
  const question = study.rounds.question(round.questionId);
  if (!question) return { wrong: [], missed: new Set() };
  const state = await study.rounds.communityRounds(ref);
  const before = state.recent.filter((item) => item.seq < round.seq).slice(-ACTIVE_ROUNDS);
  const roundKey = keys.round(ref, round.roundId);
  const beforeKeys = before.map((item) => keys.round(ref, item.roundId));
  // One read tells which logs hold anything: a community nobody plays costs no more.
  const [last, ...lastBefore] = await study.store.answers.lastPositions([roundKey, ...beforeKeys]);
  const answered = new Set<string>();
  const wrong: string[] = [];
  if (last! > 0) {
    await eachAnswer(study, roundKey, (user, choice) => {
      answered.add(user);
      if (choice !== question.answer) wrong.push(user);
    });
  }
  const missed = new Set<string>();
  for (const [i, key] of beforeKeys.entries()) {
    if (lastBefore[i]! === 0) continue;
    await eachAnswer(study, key, (user) => {
      if (!answered.has(user)) missed.add(user);
    });
  }
  return { wrong, missed };
}

/** Every answer in a round's log, a page at a time (bounded by the log's length). */
async function eachAnswer(study: Study, roundKey: string, visit: (user: string, choice: string) => void): Promise<void> {
  let cursor = 0;
  for (let page = 0; page < 100_000; page += 1) {
    const answers = await study.store.answers.after(roundKey, cursor, PAGE);
    for (const answer of answers) visit(answer.user, answer.choice);
    if (answers.length < PAGE) return;
    cursor = answers.at(-1)!.idx;
  }
}
