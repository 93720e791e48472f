import type { Command } from '../src/core/command.ts';
import { t } from '../src/core/i18n.ts';

/** Lists the commands of the registry it is given, so help never drifts from what exists. */
export function createHelp(list: () => readonly Command[]): Command {
  return {
    name: 'help',
    description: { ko: '명령어 도움말', en: 'How to use the bot' },
    usage: '/help',
    pure: true,
    async handle(request) {
      const locale = request.user.locale;
      return {
        visibility: 'requester',
        title: t(locale, 'help.title'),
        sections: [t(locale, 'help.intro')],
        fields: list().map((command) => {
          const subs = command.subcommands?.map((sub) => `\`${sub.name}\` ${sub.description[locale]}`).join('\n');
          return { name: `\`${command.usage}\``, value: subs ? `${command.description[locale]}\n${subs}` : command.description[locale] };
        }),
        footer: t(locale, 'help.footer'),
        tone: 'info',
      };
    },
  };
}
