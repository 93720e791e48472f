import { startingPoints } from '../src/content/book.ts';
import type { GlossaryEntry } from '../src/content/schema.ts';
import { sectionLabel } from '../src/content/sections.ts';
import type { Command } from '../src/core/command.ts';
import { type Locale, t } from '../src/core/i18n.ts';
import { type Button, linkButton, type Reply, userText } from '../src/core/reply.ts';
import type { Study } from '../src/core/study.ts';

function termButton(entry: GlossaryEntry): Button {
  return { label: `${entry.term} · ${entry.ko.name}`, action: 'define.show', payload: entry.id, style: 'secondary' };
}

export function definitionReply(entry: GlossaryEntry, study: Study, locale: Locale, note?: string): Reply {
  const body = locale === 'ko' ? entry.ko : entry.en;
  const related = entry.related.map((id) => study.search.byIdOrUndefined(id)).filter((e) => e !== undefined);
  const fields = [{ name: t(locale, 'define.sourceField'), value: sectionLabel(study.content, entry.source, locale), inline: true }];
  if (entry.links.length > 0) fields.push({ name: t(locale, 'define.docs'), value: entry.links.join('\n'), inline: true });
  return {
    visibility: 'channel',
    title: t(locale, 'define.title', { term: entry.term, name: entry.ko.name }),
    sections: [`**${body.short}**`, ...(body.long ? [body.long] : [])],
    fields,
    // The related label is the last footer line, right above the buttons it names, with or without a note.
    ...footer([note, related.length > 0 ? t(locale, 'define.related') : undefined]),
    tone: 'info',
    buttons: [...related.slice(0, 10).map(termButton), ...webButton(entry, study, locale)],
  };
}

/** The entry's page on the web, when the deployment has a public address for it. */
function webButton(entry: GlossaryEntry, study: Study, locale: Locale): Button[] {
  if (!study.web?.linkDefinitions) return [];
  const url = `${study.web.publicUrl}/glossary/${encodeURIComponent(entry.id)}?lang=${locale}`;
  return [linkButton(t(locale, 'web.openOnWeb'), url)];
}

function footer(lines: Array<string | undefined>): { footer?: string } {
  const present = lines.filter((line) => line !== undefined);
  return present.length > 0 ? { footer: present.join('\n') } : {};
}

function listReply(study: Study, locale: Locale): Reply {
  const bySection = new Map<string, GlossaryEntry[]>();
  for (const entry of study.content.glossary) {
    const list = bySection.get(entry.source) ?? [];
    list.push(entry);
    bySection.set(entry.source, list);
  }
  const sections = [...bySection.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    visibility: 'requester',
    title: t(locale, 'define.listTitle', { count: study.content.glossary.length }),
    sections: [t(locale, 'define.listHint')],
    fields: sections.map((section) => ({
      name: sectionLabel(study.content, section, locale),
      value: bySection
        .get(section)!
        .map((entry) => (locale === 'ko' ? `${entry.ko.name}(${entry.term})` : entry.term))
        .join(', '),
    })),
    tone: 'neutral',
  };
}

function notFoundReply(query: string, suggestions: GlossaryEntry[], study: Study, locale: Locale): Reply {
  const close = suggestions.length > 0;
  const picks = close
    ? suggestions
    : startingPoints(study.content.book).map((id) => study.search.byIdOrUndefined(id)).filter((e) => e !== undefined).slice(0, 3);
  return {
    visibility: 'requester',
    title: t(locale, 'define.notFound', { query: userText(query.slice(0, 80)) }),
    sections: [close ? t(locale, 'define.didYouMean') : t(locale, 'define.startHere')],
    tone: 'neutral',
    buttons: picks.slice(0, 3).map(termButton),
  };
}

export default {
  name: 'define',
  description: { ko: '쿠버네티스 용어의 뜻을 찾아요 (한글·초성·오타도 OK)', en: 'Look up a Kubernetes term (Korean, initials and typos work)' },
  usage: '/define <term>',
  options: [{ name: 'term', type: 'string', description: { ko: '찾을 용어 (예: kubelet, 큐블렛, ㅋㅂㄹ)', en: 'The term to look up (e.g. kubelet, 큐블렛)' }, autocomplete: true }],
  // The glossary is loaded once and never changes while the bot runs.
  pure: true,
  async handle(request, study) {
    const raw = request.options.term;
    const query = typeof raw === 'string' ? raw.trim() : '';
    const locale = request.user.locale;
    if (!query) return listReply(study, locale);
    const result = study.search.search(query);
    if (!result.entry) return notFoundReply(query, result.suggestions, study, locale);
    const note = result.kind === 'exact' ? undefined : `“${userText(query.slice(0, 40))}” → ${result.entry.term}`;
    return definitionReply(result.entry, study, locale, note);
  },
  actions: {
    async show(request, study) {
      const entry = study.search.byIdOrUndefined(request.payload);
      if (!entry) return { reply: notFoundReply(request.payload, [], study, request.user.locale) };
      return { reply: { ...definitionReply(entry, study, request.user.locale), visibility: 'requester' } };
    },
  },
  async autocomplete(request, study) {
    return study.search.complete(request.value, 25).map((entry) => ({
      name: `${entry.term} · ${entry.ko.name}`.slice(0, 100),
      value: entry.id,
    }));
  },
} satisfies Command;
