/**
 * The community's study plan as `/quiz` subcommands: schedule, language, pause and resume,
 * and the plan's part of `/quiz status`. Admin checks are the dispatcher's (`requiresManage`).
 */
import { cronSchedule } from '../schedule/cron-schedule.ts';
import { fromCron, nextRoundFiring, parseScheduleTokens, toCron } from '../schedule/study-time.ts';
import type { CommunityRef } from '../store/keys.ts';
import type { CommunityPlan } from './communities.ts';
import { type Locale, type MessageKey, t } from './i18n.ts';
import { notice, type Reply, userText } from './reply.ts';
import type { CommandRequest, Where } from './request.ts';
import { scheduleInWords } from './schedule-words.ts';
import { formatInZone, type Study } from './study.ts';

export const refOf = (where: Pick<Where, 'platform' | 'community'>): CommunityRef => ({ platform: where.platform, community: where.community });

/**
 * The next question's time in the community's zone, or undefined while paused. A daily study
 * time never starts a second round on a local date that already had one.
 */
export async function nextQuestion(study: Study, ref: CommunityRef, plan: CommunityPlan): Promise<Date | undefined> {
  if (plan.paused) return undefined;
  const now = study.clock.now();
  const spec = fromCron(plan.cron, plan.timezone);
  if (!spec) return cronSchedule(plan.cron, plan.timezone).next(now);
  const current = (await study.rounds.communityRounds(ref)).current?.roundId;
  return nextRoundFiring(spec, now, current);
}

export function nextQuestionText(next: Date | undefined, plan: CommunityPlan, locale: Locale): string {
  return next ? formatInZone(next, plan.timezone) : t(locale, 'quiz.statusPaused');
}

/** `/quiz schedule <time> [days] [timezone]`; Discord's three options and Slack's tokens alike. */
export async function setSchedule(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const ref = refOf(request);
  const current = await study.communities.plan(ref);
  const tokens = ['time', 'days', 'timezone'].flatMap((name) => {
    const value = request.options[name];
    return typeof value === 'string' ? value.split(/\s+/) : [];
  });
  const parsed = parseScheduleTokens(tokens, current.timezone);
  if (!parsed.ok) {
    const what = t(locale, `quiz.scheduleWhat.${parsed.problem}` as MessageKey);
    return notice(t(locale, 'quiz.scheduleBad', { what, token: userText(parsed.token.slice(0, 60)) }));
  }
  const cron = toCron(parsed.value);
  const plan = await study.communities.setSchedule(ref, { cron, timezone: parsed.value.timezone }, study.clock.now());
  const next = await nextQuestion(study, ref, plan);
  return { visibility: 'channel', sections: [t(locale, 'quiz.scheduleSet', { schedule: scheduleInWords(cron, plan.timezone, locale), next: nextQuestionText(next, plan, locale) })], tone: 'success' };
}

/** `/quiz language <ko|en>`: the language of what the bot posts in the community's channels. */
export async function setLanguage(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const value = String(request.options.language ?? '').trim().toLowerCase();
  if (value !== 'ko' && value !== 'en') return notice(t(locale, 'quiz.languageBad', { token: userText(value.slice(0, 20)) }));
  await study.communities.setLocale(refOf(request), value);
  return { visibility: 'channel', sections: [t(locale, 'quiz.languageSet', { language: t(locale, `language.${value}`) })], tone: 'success' };
}

/** `/quiz pause` and `/quiz resume`: while paused nothing is posted or edited and no round passes. */
export async function setPaused(request: CommandRequest, study: Study, paused: boolean): Promise<Reply> {
  const locale = request.user.locale;
  const ref = refOf(request);
  const before = await study.communities.plan(ref);
  if (before.paused === paused) {
    if (paused) return notice(t(locale, 'quiz.alreadyPaused'));
    return notice(t(locale, 'quiz.notPaused', { next: nextQuestionText(await nextQuestion(study, ref, before), before, locale) }));
  }
  const plan = await study.communities.setPaused(ref, paused, study.clock.now());
  if (paused) return { visibility: 'channel', sections: [t(locale, 'quiz.paused')], tone: 'neutral' };
  const next = await nextQuestion(study, ref, plan);
  return { visibility: 'channel', sections: [t(locale, 'quiz.resumed', { next: nextQuestionText(next, plan, locale) })], tone: 'success' };
}

/** The plan's fields of `/quiz status`: schedule in words, next question (or paused), channel language. */
export async function planFields(study: Study, ref: CommunityRef, locale: Locale): Promise<Array<{ name: string; value: string; inline: boolean }>> {
  const plan = await study.communities.plan(ref);
  const next = await nextQuestion(study, ref, plan);
  return [
    { name: t(locale, 'quiz.statusSchedule'), value: scheduleInWords(plan.cron, plan.timezone, locale), inline: true },
    { name: t(locale, 'quiz.statusNext'), value: nextQuestionText(next, plan, locale), inline: true },
    { name: t(locale, 'quiz.statusLanguage'), value: t(locale, `language.${plan.locale}`), inline: true },
    // Shown only once chosen: by default the daily questions come from every chapter.
    ...(plan.chapters ? [{ name: t(locale, 'quiz.statusChapters'), value: plan.chapters.join(', '), inline: true }] : []),
  ];
}

/** `/quiz freezes <on|off>` and `/quiz recap <on|off>`. */
export async function setSwitch(request: CommandRequest, study: Study, name: 'freezes' | 'recap'): Promise<Reply> {
  const locale = request.user.locale;
  const value = String(request.options.state ?? '').trim().toLowerCase();
  if (value !== 'on' && value !== 'off') return notice(t(locale, 'quiz.switchBad', { token: userText(value.slice(0, 20)) }));
  await study.communities.setSwitch(refOf(request), name, value === 'on');
  return { visibility: 'channel', sections: [t(locale, value === 'on' ? 'quiz.switchOn' : 'quiz.switchOff', { what: t(locale, `quiz.switch.${name}`) })], tone: 'success' };
}
