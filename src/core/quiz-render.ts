import { type Book, topicName } from '../content/book.ts';
import { LETTERS, type Letter, type Question } from '../content/schema.ts';
import type { GlossarySearch } from './glossary-search.ts';
import { type Locale, t } from './i18n.ts';
import type { Button, Reply, Visibility } from './reply.ts';
import type { RoundRecord } from './rounds.ts';
import { roundLabel } from './schedule-words.ts';

function choiceLines(question: Question, locale: Locale, suffix: (letter: Letter) => string = () => ''): string {
  return question[locale].choices.map((choice, index) => `**${LETTERS[index]}.** ${choice}${suffix(LETTERS[index]!)}`).join('\n');
}

function choiceButtons(question: Question, action: string, payloadPrefix: string): Button[] {
  return question.ko.choices.map((_, index) => ({
    label: LETTERS[index]!,
    action,
    payload: `${payloadPrefix}:${LETTERS[index]}`,
    style: 'primary' as const,
  }));
}

/** The 🚩 that opens a report on a question or a term (`/report` as text does the same). */
export function reportButton(itemId: string): Button {
  return { label: '🚩', action: 'report.open', payload: itemId, style: 'secondary' };
}

/** The answered state of the buttons: all disabled, the right one green, a wrong pick red. */
function settledButtons(question: Question, picked: Letter | undefined): Button[] {
  return question.ko.choices.map((_, index) => {
    const letter = LETTERS[index]!;
    const style = letter === question.answer ? 'success' : letter === picked ? 'danger' : 'secondary';
    return { label: letter, action: 'quiz.none', payload: letter, style, disabled: true } satisfies Button;
  });
}

/** `review`: the question came back because it was missed or answered wrong before (`복습`). */
export function practiceQuestionReply(question: Question, locale: Locale, book: Book, review = false): Reply {
  return {
    visibility: 'requester',
    title: t(locale, review ? 'quiz.reviewTitle' : 'quiz.practiceTitle', { topic: topicName(book, question.topic, locale) }),
    sections: [question[locale].question, choiceLines(question, locale)],
    footer: `${question.id} · ${t(locale, 'define.source', { section: question.source })}`,
    tone: 'info',
    buttons: [...choiceButtons(question, 'quiz.practice', question.id), reportButton(question.id)],
  };
}

export function practiceResultReply(question: Question, locale: Locale, picked: Letter, ok: boolean, right: number, total: number, book: Book): Reply {
  const percent = total === 0 ? 0 : Math.round((right / total) * 100);
  return {
    visibility: 'requester',
    title: t(locale, 'quiz.practiceTitle', { topic: topicName(book, question.topic, locale) }),
    sections: [
      question[locale].question,
      choiceLines(question, locale),
      ok ? t(locale, 'quiz.correct') : t(locale, 'quiz.wrong', { answer: question.answer }),
      `**${t(locale, 'quiz.explanation')}**: ${question[locale].explanation}`,
    ],
    footer: t(locale, 'quiz.practiceAccuracy', { right, total, percent }),
    tone: ok ? 'success' : 'danger',
    buttons: settledButtons(question, picked),
  };
}

export function roundQuestionReply(question: Question, round: Pick<RoundRecord, 'roundId' | 'answered'>, locale: Locale, book: Book, visibility: Visibility = 'channel'): Reply {
  return {
    visibility,
    title: t(locale, 'quiz.roundTitle', { round: roundLabel(round.roundId, locale) }),
    sections: [question[locale].question, choiceLines(question, locale), t(locale, 'quiz.choose')],
    footer: `${t(locale, 'quiz.answeredCount', { count: round.answered })} · ${topicName(book, question.topic, locale)} · ${t(locale, 'define.source', { section: question.source })}`,
    tone: 'info',
    buttons: [...choiceButtons(question, 'quiz.round', round.roundId), reportButton(question.id)],
  };
}

/**
 * What the presser of a round button is told: right or wrong, the streak (ended only when there
 * was one), and once that the answer and explanation come with the reveal.
 */
export function roundFeedbackText(result: { ok: boolean; streak: number; previousStreak: number }, choice: Letter, locale: Locale): string {
  const verdict = result.ok
    ? t(locale, 'quiz.roundFeedbackRight', { streak: result.streak })
    : result.previousStreak > 0
      ? t(locale, 'quiz.roundFeedbackWrongStreak', { streak: result.previousStreak })
      : t(locale, 'quiz.roundFeedbackWrong');
  return `${verdict}\n${t(locale, 'quiz.roundRecorded', { choice })}`;
}

export function revealReply(question: Question, round: RoundRecord, locale: Locale, search: GlossarySearch): Reply {
  const tally = (letter: Letter) => ` — ${round.tally[letter] ?? 0}${letter === question.answer ? ' ✅' : ''}`;
  const termButtons: Button[] = question.terms
    .map((id) => search.byIdOrUndefined(id))
    .filter((entry) => entry !== undefined)
    .slice(0, 5)
    .map((entry) => ({ label: `📖 ${entry.term}`, action: 'define.show', payload: entry.id, style: 'secondary' }));
  return {
    visibility: 'channel',
    title: t(locale, 'quiz.revealTitle', { round: roundLabel(round.roundId, locale) }),
    sections: [
      question[locale].question,
      choiceLines(question, locale, tally),
      t(locale, 'quiz.revealAnswer', { answer: question.answer }),
      `**${t(locale, 'quiz.explanation')}**: ${question[locale].explanation}`,
    ],
    footer: t(locale, 'quiz.revealTally', { answered: round.answered, right: round.right }),
    tone: 'success',
    buttons: [...settledButtons(question, undefined), reportButton(question.id), ...termButtons],
  };
}

/** A voided round's posted question, as it is edited: the question without buttons, and that it does not count. */
export function voidedReply(question: Question, round: Pick<RoundRecord, 'roundId'>, locale: Locale): Reply {
  return {
    visibility: 'channel',
    title: t(locale, 'quiz.voidedTitle', { round: roundLabel(round.roundId, locale) }),
    sections: [question[locale].question, choiceLines(question, locale), t(locale, 'quiz.voidedNote')],
    tone: 'neutral',
    buttons: [],
  };
}
