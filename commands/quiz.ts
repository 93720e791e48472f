import { LETTERS, type Letter, type Question } from '../src/content/schema.ts';
import type { Command, SubcommandSpec } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';
import { t } from '../src/core/i18n.ts';
import { practiceQuestionReply, practiceResultReply, roundFeedbackText, roundQuestionReply } from '../src/core/quiz-render.ts';
import { notice, type Reply, userText } from '../src/core/reply.ts';
import type { CommandRequest } from '../src/core/request.ts';
import type { RoundRecord } from '../src/core/rounds.ts';
import { communityOf } from '../src/core/request.ts';
import { roundLabel, scheduleInWords } from '../src/core/schedule-words.ts';
import { nextQuestion, nextQuestionText, planFields, refOf, setLanguage, setPaused, setSchedule, setSwitch } from '../src/core/quiz-plan.ts';
import { reportsReply } from '../src/core/report-list.ts';
import { DEFAULT_PUBLIC_URL, dashboardLinkReply } from '../src/core/dashboard-link.ts';
import { completeScope, practiceScope, scopeName, setChapters } from '../src/core/quiz-chapters.ts';
import { completeRound, voidCommand } from '../src/core/quiz-void.ts';
import type { Study } from '../src/core/study.ts';
import { searchZones } from '../src/schedule/zone-search.ts';

function parseChoice(payload: string): { id: string; letter: Letter } | undefined {
  const colon = payload.lastIndexOf(':');
  const letter = payload.slice(colon + 1);
  if (colon <= 0 || !(LETTERS as readonly string[]).includes(letter)) return undefined;
  return { id: payload.slice(0, colon), letter: letter as Letter };
}

async function nextFiring(request: CommandRequest, study: Study): Promise<string> {
  const plan = await study.communities.plan(refOf(request));
  return nextQuestionText(await nextQuestion(study, refOf(request), plan), plan, request.user.locale);
}

async function practice(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const wanted = practiceScope(request, study.content.book);
  if ('reply' in wanted) return wanted.reply;
  const handed = await study.practice.next(communityOf(request), request.user.id, wanted.scope);
  if (!handed && wanted.scope) return notice(t(locale, 'quiz.practiceNoneIn', { scope: scopeName(study.content.book, wanted.scope, locale) }));
  if (!handed) return notice(t(locale, 'quiz.practiceNone'));
  return practiceQuestionReply(handed.question, locale, study.content.book, handed.review);
}

async function status(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const community = communityOf(request);
  const subscribed = await study.subscriptions.find(request);
  const rounds = await study.rounds.communityRounds(community);
  const round = rounds.current ? await study.rounds.round(community, rounds.current.roundId) : undefined;
  const reply: Reply = {
    visibility: 'requester',
    title: t(locale, 'quiz.statusTitle'),
    sections: [],
    fields: [
      { name: t(locale, 'quiz.statusSubscribed'), value: t(locale, subscribed ? 'quiz.statusYes' : 'quiz.statusNo'), inline: true },
      ...(await planFields(study, refOf(request), locale)),
      {
        name: t(locale, 'quiz.statusRound'),
        value: !round
          ? t(locale, 'quiz.statusNoRound')
          : round.voided
            ? t(locale, 'quiz.statusRoundVoided', { round: roundLabel(round.roundId, locale) })
            : t(locale, 'quiz.statusRoundValue', { round: roundLabel(round.roundId, locale), count: round.answered }),
      },
    ],
    tone: 'info',
  };
  const question = subscribed && round ? await unansweredQuestion(request, study, round) : undefined;
  if (!question || !round) return reply;
  // The posted copy may be out of reach (scrolled away, a console restarted): the status
  // carries the open round's question with the same answer buttons, so a press counts.
  const open = roundQuestionReply(question, round, locale, study.content.book, 'requester');
  return { ...reply, sections: [t(locale, 'quiz.statusOpenRound'), ...open.sections], buttons: open.buttons ?? [] };
}

/** The open round's question, unless the requester has answered it already. */
async function unansweredQuestion(request: CommandRequest, study: Study, round: RoundRecord): Promise<Question | undefined> {
  if (round.status !== 'open') return undefined;
  const stats = await study.rounds.stats(communityOf(request), request.user.id);
  if (stats && stats.answeredSeq >= round.seq) return undefined;
  return study.rounds.question(round.questionId);
}

const SUBCOMMANDS: SubcommandSpec[] = [
  {
    name: 'practice',
    description: { ko: '나만 보는 연습 문제 하나 (연속 기록에는 영향 없음)', en: 'A practice question just for you (streaks unaffected)' },
    options: [{ name: 'topic', type: 'string', autocomplete: true, description: { ko: '주제나 장 (예: drift, 2). 비우면 전체', en: 'A topic or chapter (e.g. drift, 2); empty for all' } }],
  },
  { name: 'subscribe', description: { ko: '이 채널에 매일 퀴즈를 올려요', en: 'Post the daily quiz in this channel' }, requiresManage: true },
  { name: 'unsubscribe', description: { ko: '이 채널의 매일 퀴즈를 멈춰요', en: 'Stop the daily quiz in this channel' }, requiresManage: true },
  { name: 'status', description: { ko: '일정, 다음 문제 시각, 채널 언어, 현재 라운드', en: 'Schedule, next question time, channel language, current round' } },
  {
    name: 'schedule',
    description: { ko: '이 커뮤니티의 퀴즈 시각·요일·시간대를 정해요', en: "Set this community's quiz time, days and time zone" },
    requiresManage: true,
    options: [
      { name: 'time', type: 'string', required: true, description: { ko: '시각 HH:MM (24시간, 예: 21:30)', en: 'Time as HH:MM, 24-hour (e.g. 21:30)' } },
      { name: 'days', type: 'string', description: { ko: 'daily(기본), weekdays, weekends 또는 mon,wed,fri', en: 'daily (default), weekdays, weekends or e.g. mon,wed,fri' } },
      { name: 'timezone', type: 'string', autocomplete: true, description: { ko: 'IANA 시간대 (예: Asia/Seoul, 베를린)', en: 'IANA time zone (e.g. Europe/Berlin)' } },
    ],
  },
  {
    name: 'language',
    description: { ko: '채널에 올라가는 문제와 정답 공개의 언어', en: 'Language of the questions and reveals posted in channels' },
    requiresManage: true,
    options: [{ name: 'language', type: 'string', required: true, choices: ['ko', 'en'], description: { ko: 'ko 또는 en', en: 'ko or en' } }],
  },
  {
    name: 'freezes',
    description: { ko: '연속 보호(❄️) 켜기·끄기 (기본: 켜짐)', en: 'Turn streak freezes (❄️) on or off (default on)' },
    requiresManage: true,
    options: [{ name: 'state', type: 'string', required: true, choices: ['on', 'off'], description: { ko: 'on 또는 off', en: 'on or off' } }],
  },
  {
    name: 'recap',
    description: { ko: '주간 요약 켜기·끄기 (기본: 켜짐)', en: 'Turn the weekly recap on or off (default on)' },
    requiresManage: true,
    options: [{ name: 'state', type: 'string', required: true, choices: ['on', 'off'], description: { ko: 'on 또는 off', en: 'on or off' } }],
  },
  {
    name: 'chapters',
    description: { ko: '매일 문제가 나올 장 (예: 1,2 또는 all, 기본: 전체)', en: 'The chapters the daily questions come from (e.g. 1,2 or all; default all)' },
    requiresManage: true,
    options: [{ name: 'chapters', type: 'string', description: { ko: '장 번호 목록 (예: 1,2) 또는 all', en: 'Chapter numbers (e.g. 1,2) or all' } }],
  },
  {
    name: 'void',
    description: { ko: '라운드를 무효 처리해요: 순위표·누적·연속 기록에서 빠져요', en: 'Void a round: it leaves the boards, totals and streaks' },
    requiresManage: true,
    options: [{ name: 'round', type: 'string', required: true, autocomplete: true, description: { ko: '라운드 (날짜, 예: 2026-12-01)', en: 'The round (its date, e.g. 2026-12-01)' } }],
  },
  { name: 'pause', description: { ko: '매일 퀴즈를 잠시 멈춰요 (연속 기록은 그대로)', en: 'Pause the daily quiz (streaks are kept)' }, requiresManage: true },
  { name: 'resume', description: { ko: '멈춘 매일 퀴즈를 다시 시작해요', en: 'Resume the paused daily quiz' }, requiresManage: true },
  {
    name: 'reports',
    description: { ko: '열린 신고 목록, 또는 한 항목의 신고 닫기', en: 'The open reports, or close the reports on one item' },
    requiresManage: true,
    options: [{ name: 'resolve', type: 'string', description: { ko: '신고를 닫을 용어나 문제의 id', en: 'The term or question id whose reports to close' } }],
  },
  {
    name: 'dashboard',
    description: { ko: '이 커뮤니티의 웹 대시보드 링크 (나만 봐요)', en: "This community's web dashboard link (only you see it)" },
    requiresManage: true,
    options: [{ name: 'reset', type: 'boolean', description: { ko: '새 링크를 만들고 이전 링크를 막아요', en: 'Make a new link; the old one stops working' } }],
  },
];

export default {
  name: 'quiz',
  description: { ko: '퀴즈: 연습 문제, 매일 퀴즈 구독·일정·언어·상태', en: 'Quiz: practice, and the daily quiz subscription, schedule, language and status' },
  usage: '/quiz [practice|subscribe|unsubscribe|status|schedule|language|freezes|recap|chapters|void|reports|pause|resume|dashboard]',
  defaultSubcommand: 'practice',
  subcommands: SUBCOMMANDS,
  async handle(request, study) {
    const locale = request.user.locale;
    switch (request.subcommand ?? 'practice') {
      case 'practice':
        return practice(request, study);
      case 'subscribe': {
        const added = await study.subscriptions.subscribe(request, study.clock.now());
        const next = await nextFiring(request, study);
        const plan = await study.communities.plan(refOf(request));
        return {
          visibility: 'channel',
          sections: [added ? t(locale, 'quiz.subscribed', { schedule: scheduleInWords(plan.cron, plan.timezone, locale), next }) : t(locale, 'quiz.alreadySubscribed', { next })],
          tone: 'success',
        };
      }
      case 'unsubscribe': {
        const removed = await study.subscriptions.unsubscribe(request);
        return { visibility: 'channel', sections: [t(locale, removed ? 'quiz.unsubscribed' : 'quiz.notSubscribed')], tone: 'neutral' };
      }
      case 'status':
        return status(request, study);
      case 'schedule':
        return setSchedule(request, study);
      case 'language':
        return setLanguage(request, study);
      case 'freezes':
        return setSwitch(request, study, 'freezes');
      case 'recap':
        return setSwitch(request, study, 'recap');
      case 'chapters':
        return setChapters(request, study);
      case 'void':
        return voidCommand(request, study);
      case 'reports':
        return reportsReply(request, study);
      case 'dashboard':
        return dashboardLinkReply(request, study, study.web?.publicUrl ?? DEFAULT_PUBLIC_URL);
      case 'pause':
        return setPaused(request, study, true);
      case 'resume':
        return setPaused(request, study, false);
      default:
        throw new UserError('error.unknownSubcommand', { command: 'quiz', sub: userText(request.subcommand ?? ''), choices: SUBCOMMANDS.map((sub) => sub.name).join(', ') });
    }
  },
  async autocomplete(request, study) {
    if (request.option === 'topic') return completeScope(study.content.book, request.value, request.user.locale);
    if (request.option === 'round') return completeRound(request, study);
    if (request.option !== 'timezone') return [];
    return searchZones(request.value, study.clock.now()).map((zone) => ({ name: zone.name, value: zone.value }));
  },
  actions: {
    async practice(request, study) {
      const locale = request.user.locale;
      const choice = parseChoice(request.payload);
      if (!choice) return { reply: notice(t(locale, 'error.unknownAction')) };
      const result = await study.practice.answer(communityOf(request), request.user.id, choice.id, choice.letter);
      if (result.status === 'unknown') return { reply: notice(t(locale, 'error.unknownAction')) };
      if (result.status === 'already') return { reply: notice(t(locale, 'quiz.practiceAlready')) };
      if (result.status === 'replaced') return { reply: notice(t(locale, 'quiz.practiceReplaced')) };
      if (result.status === 'notYours') return { reply: notice(t(locale, 'quiz.practiceNotYours')) };
      return { update: practiceResultReply(result.question, locale, choice.letter, result.ok, result.record.right, result.record.total, study.content.book) };
    },
    async round(request, study) {
      const locale = request.user.locale;
      const choice = parseChoice(request.payload);
      if (!choice) return { reply: notice(t(locale, 'error.unknownAction')) };
      const result = await study.rounds.answer(communityOf(request), choice.id, { id: request.user.id, name: request.user.displayName }, choice.letter);
      switch (result.status) {
        case 'unknown':
          return { reply: notice(t(locale, 'quiz.roundUnknown')) };
        case 'closed':
          return { reply: notice(t(locale, 'quiz.roundClosed')) };
        case 'already':
          return { reply: notice(t(locale, 'quiz.roundAlready', { choice: result.choice })) };
        case 'recorded': {
          const outcome = { reply: notice(roundFeedbackText(result, choice.letter, locale)), answerRecorded: true };
          // The channel copy is rendered in the community's language, not the presser's.
          const channelLocale = (await study.communities.plan(refOf(request))).locale;
          return result.question ? { ...outcome, update: roundQuestionReply(result.question, result.round, channelLocale, study.content.book) } : outcome;
        }
      }
    },
    /** "Quiz me" on a definition: a practice question on that term (the payload is the term id). */
    async term(request, study) {
      const locale = request.user.locale;
      const handed = await study.practice.onTerm(communityOf(request), request.user.id, request.payload);
      const entry = study.search.byIdOrUndefined(request.payload);
      if (!handed) return { reply: notice(t(locale, 'quiz.termNone', { term: entry?.term ?? userText(request.payload.slice(0, 40)) })) };
      return { reply: practiceQuestionReply(handed.question, locale, study.content.book, handed.review) };
    },
    async none(request) {
      return { reply: notice(t(request.user.locale, 'quiz.roundClosed')) };
    },
  },
} satisfies Command;
