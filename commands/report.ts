import type { Command } from '../src/core/command.ts';
import { type Locale, t } from '../src/core/i18n.ts';
import { type Form, notice, type Reply, userText } from '../src/core/reply.ts';
import { MAX_REASON_LENGTH } from '../src/core/reports.ts';
import { type ActionRequest, type CommandRequest, communityOf } from '../src/core/request.ts';
import type { Study } from '../src/core/study.ts';

/**
 * `/report <id> <reason>` as typed text: the first word is the id, everything after it the
 * reason as written (quotes and all: a reason is prose, not an argument list).
 */
export function parseReportText(text: string): { item?: string; reason?: string } {
  const match = /^(\S+)\s*(.*)$/s.exec(text.trim());
  if (!match) return {};
  const reason = match[2]!.trim();
  return reason ? { item: match[1]!, reason } : { item: match[1]! };
}

/** A report from the command or from the form: stored, and the reporter thanked in private. */
export async function fileReport(request: CommandRequest | ActionRequest, study: Study, typedItem: string, reason: string): Promise<Reply> {
  const locale = request.user.locale;
  const item = resolveId(study, typedItem);
  if (!item) return unknownItem(study, typedItem, locale);
  if (!reason.trim()) return notice(t(locale, 'report.noReason', { item }));
  const result = await study.reports.report(communityOf(request), item, { id: request.user.id, name: request.user.displayName }, reason);
  if (result.status === 'unknown') return unknownItem(study, typedItem, locale);
  if (result.status === 'tooLong') return notice(t(locale, 'report.tooLong', { length: result.length, max: MAX_REASON_LENGTH }));
  const text = t(locale, result.status === 'updated' ? 'report.updated' : 'report.thanks', { item, reason: userText(reason.trim()) });
  return { visibility: 'requester', sections: [text], tone: 'success' };
}

/** The id as the content spells it: exact, else ignoring case. */
function resolveId(study: Study, typed: string): string | undefined {
  const id = typed.trim();
  if (study.reports.kindOf(id)) return id;
  const lower = id.toLowerCase();
  return study.reports.kindOf(lower) ? lower : undefined;
}

function unknownItem(study: Study, typed: string, locale: Locale): Reply {
  const suggestions = study.reports.suggest(typed, 5);
  const lines = [t(locale, 'report.unknown', { item: userText(typed.slice(0, 80)) })];
  if (suggestions.length > 0) lines.push(t(locale, 'report.suggest', { ids: suggestions.map((id) => `\`${id}\``).join(', ') }));
  return notice(lines.join('\n'));
}

/** The form a 🚩 press opens; the console, which has none, says how to report by text. */
export function reportForm(item: string, locale: Locale): Form {
  return {
    title: t(locale, 'report.formTitle'),
    label: t(locale, 'report.formLabel', { item }),
    placeholder: t(locale, 'report.formPlaceholder', { max: MAX_REASON_LENGTH }),
    submit: t(locale, 'report.formSubmit'),
    maxLength: MAX_REASON_LENGTH,
    action: 'report.submit',
    payload: item,
    instead: notice(t(locale, 'report.byText', { item, max: MAX_REASON_LENGTH })),
  };
}

export default {
  name: 'report',
  description: { ko: '용어나 문제의 잘못된 점을 알려요 (관리자에게 전달)', en: 'Report what is wrong with a term or a question (goes to the admins)' },
  usage: '/report <id> <reason>',
  options: [
    {
      name: 'item',
      type: 'string',
      required: true,
      autocomplete: true,
      description: { ko: '용어나 문제의 id (예: kubelet, drift-001)', en: 'The term or question id (e.g. kubelet, drift-001)' },
    },
    {
      name: 'reason',
      type: 'string',
      required: true,
      maxLength: MAX_REASON_LENGTH,
      description: { ko: `무엇이 잘못됐는지 (최대 ${MAX_REASON_LENGTH}자)`, en: `What is wrong (at most ${MAX_REASON_LENGTH} characters)` },
    },
  ],
  parseText: parseReportText,
  async handle(request, study) {
    const item = request.options.item;
    const reason = request.options.reason;
    return fileReport(request, study, typeof item === 'string' ? item : '', typeof reason === 'string' ? reason : '');
  },
  actions: {
    async open(request, study) {
      const item = resolveId(study, request.payload);
      if (!item) return { reply: unknownItem(study, request.payload, request.user.locale) };
      return { form: reportForm(item, request.user.locale) };
    },
    async submit(request, study) {
      return { reply: await fileReport(request, study, request.payload, request.value ?? '') };
    },
  },
  async autocomplete(request, study) {
    const typed = request.value.trim();
    const ids = typed ? study.reports.suggest(typed, 25) : study.content.trivia.slice(0, 25).map((question) => question.id);
    return ids.map((id) => ({ name: id, value: id }));
  },
} satisfies Command;
