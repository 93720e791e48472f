/**
 * `/quiz reports [resolve <id>]` (admin): the community's open reports grouped by item, with how
 * many members reported each and their latest reasons, or one item's reports closed.
 */
import { t } from './i18n.ts';
import { type Field, notice, type Reply, userText } from './reply.ts';
import { HOLD_AT, type ReportRecord } from './reports.ts';
import { type CommandRequest, communityOf } from './request.ts';
import type { Study } from './study.ts';

/** Items listed in one reply (Discord allows 25 fields), and reasons shown per item. */
const ITEMS_SHOWN = 20;
const REASONS_SHOWN = 3;
/** A field's value holds 1024 characters on Discord: each reason is cut to fit three. */
const REASON_SHOWN = 280;

export async function reportsReply(request: CommandRequest, study: Study): Promise<Reply> {
  const locale = request.user.locale;
  const ref = communityOf(request);
  const typed = typeof request.options.resolve === 'string' ? request.options.resolve.trim() : '';
  // Typed as text, `/quiz reports resolve drift-001` gives the whole `resolve drift-001` to the
  // option; Discord's option named `resolve` holds the id alone. A typed id without the word
  // closes nothing: closing reports is not something to do by a slip.
  const worded = /^resolve\s+/i.test(typed);
  const resolve = worded ? typed.replace(/^resolve\s+/i, '').trim() : request.platform === 'discord' ? typed : '';
  if (typed && !resolve) return notice(t(locale, 'reports.resolveHow', { typed: userText(typed.slice(0, 80)) }));
  if (resolve) {
    const item = study.reports.kindOf(resolve) ? resolve : resolve.toLowerCase();
    const closed = await study.reports.resolve(ref, item);
    const shown = study.reports.kindOf(item) ? item : userText(resolve.slice(0, 80));
    return notice(t(locale, closed > 0 ? 'reports.resolved' : 'reports.resolvedNone', { item: shown, count: closed }));
  }
  const open = await study.reports.open(ref);
  if (open.length === 0) return notice(t(locale, 'reports.none'));
  const fields: Field[] = open.slice(0, ITEMS_SHOWN).map((record) => itemField(record, locale));
  if (open.length > ITEMS_SHOWN) fields.push({ name: '…', value: t(locale, 'reports.more', { count: open.length - ITEMS_SHOWN }) });
  return {
    visibility: 'requester',
    title: t(locale, 'reports.title', { count: open.length }),
    sections: [],
    fields,
    footer: t(locale, 'reports.hint', { hold: HOLD_AT }),
    tone: 'info',
  };
}

function itemField(record: ReportRecord, locale: CommandRequest['user']['locale']): Field {
  const count = record.reports.length;
  const held = record.kind === 'question' && count >= HOLD_AT;
  const latest = [...record.reports].sort((a, b) => b.at.localeCompare(a.at)).slice(0, REASONS_SHOWN);
  return {
    name: `${t(locale, 'reports.item', { item: record.item, kind: t(locale, record.kind === 'question' ? 'reports.kind.question' : 'reports.kind.term'), count })}${held ? t(locale, 'reports.held') : ''}`,
    value: latest.map((entry) => t(locale, 'reports.reason', { name: userText(entry.name), reason: userText(cut(entry.reason)) })).join('\n'),
  };
}

function cut(reason: string): string {
  const chars = [...reason];
  return chars.length <= REASON_SHOWN ? reason : `${chars.slice(0, REASON_SHOWN).join('')}…`;
}
