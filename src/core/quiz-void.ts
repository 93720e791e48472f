/** `/quiz void <round>` as a command: the reply and the autocomplete over recent rounds (the work is in round-void.ts). */
import { t } from './i18n.ts';
import { voidedReply } from './quiz-render.ts';
import { notice, type Reply, userText } from './reply.ts';
import type { AutocompleteRequest, CommandRequest } from './request.ts';
import { communityOf } from './request.ts';
import { voidRound } from './round-void.ts';
import { RECENT_KEPT } from './rounds.ts';
import { roundLabel } from './schedule-words.ts';
import type { Study } from './study.ts';

export async function voidCommand(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const raw = request.options.round;
  const roundId = typeof raw === 'string' ? raw.trim() : '';
  const ref = communityOf(request);
  // The edited posts speak the community's channel language, as the reveal does.
  const channelLocale = (await study.communities.plan(ref)).locale;
  const outcome = await voidRound(study, ref, roundId, request.user.id, (round) => {
    const question = study.rounds.question(round.questionId);
    return question ? voidedReply(question, round, channelLocale) : undefined;
  });
  const label = (id: string) => roundLabel(id, locale);
  switch (outcome.status) {
    case 'unknown':
      return notice(t(locale, 'quiz.voidUnknown', { round: userText(roundId.slice(0, 40)) }));
    case 'already':
      return notice(t(locale, 'quiz.voidAlready', { round: label(outcome.round.roundId) }));
    case 'tooOld':
      return notice(t(locale, 'quiz.voidTooOld', { round: label(outcome.round.roundId), kept: RECENT_KEPT }));
    case 'legacy':
      return notice(t(locale, 'quiz.voidLegacy'));
    case 'voided':
      return {
        ...notice(
          [
            t(locale, 'quiz.voided', { round: label(outcome.round.roundId), answers: outcome.answers, edited: outcome.edited, posts: outcome.posts }),
            ...(outcome.reviewsLeft > 0 ? [t(locale, 'quiz.voidReviews', { count: outcome.reviewsLeft })] : []),
          ].join(' '),
        ),
        tone: 'success',
      };
  }
}

/** The community's recent rounds, newest first, that are not void: what an admin may mean. */
export async function completeRound(request: AutocompleteRequest, study: Study): Promise<Array<{ name: string; value: string }>> {
  const state = await study.rounds.communityRounds(communityOf(request));
  const typed = request.value.trim().toLowerCase();
  return state.recent
    .slice()
    .reverse()
    .filter((item) => item.roundId.toLowerCase().includes(typed) || roundLabel(item.roundId, request.user.locale).toLowerCase().includes(typed))
    .slice(0, 25)
    .map((item) => ({ name: `${roundLabel(item.roundId, request.user.locale)} (${item.roundId})`, value: item.roundId }));
}
