/**
 * The command registry as Discord application commands. Pure: the same registry
 * always gives the same JSON, so its hash tells whether a registration is due.
 */
import { createHash } from 'node:crypto';
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, OptionSpec, SubcommandSpec } from '../../core/command.ts';
import type { Localized } from '../../core/i18n.ts';

/** Discord's limits for command definitions. */
export const COMMAND_LIMITS = {
  description: 100,
  /** Longer terms than this are never in the glossary; the client stops typing there. */
  termLength: 100,
} as const;

export type DiscordCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

function describe(text: Localized): { description: string; description_localizations: { ko: string } } {
  return {
    description: text.en.slice(0, COMMAND_LIMITS.description),
    description_localizations: { ko: text.ko.slice(0, COMMAND_LIMITS.description) },
  };
}

function option(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: spec.name, ...describe(spec.description), required: spec.required === true };
  if (spec.type === 'user') return { ...base, type: ApplicationCommandOptionType.User };
  if (spec.type === 'boolean') return { ...base, type: ApplicationCommandOptionType.Boolean };
  const text = { ...base, type: ApplicationCommandOptionType.String, max_length: spec.maxLength ?? COMMAND_LIMITS.termLength } as const;
  if (spec.autocomplete) return { ...text, autocomplete: true };
  return spec.choices ? { ...text, choices: spec.choices.map((value) => ({ name: value, value })) } : text;
}

function subcommand(spec: SubcommandSpec): APIApplicationCommandSubcommandOption {
  const sub: APIApplicationCommandSubcommandOption = { type: ApplicationCommandOptionType.Subcommand, name: spec.name, ...describe(spec.description) };
  if (spec.options?.length) sub.options = spec.options.map(option);
  return sub;
}

/**
 * One chat-input command per registry entry. No `default_member_permissions`: it would
 * hide a whole command (all of /quiz) from members; the manage check for subscribe and
 * unsubscribe happens per request instead.
 */
export function toCommandJson(command: Command): DiscordCommandJson {
  const options: APIApplicationCommandOption[] = command.subcommands ? command.subcommands.map(subcommand) : (command.options ?? []).map(option);
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    ...describe(command.description),
    ...(options.length > 0 ? { options } : {}),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}

export function toCommandsJson(commands: readonly Command[]): DiscordCommandJson[] {
  return commands.map(toCommandJson);
}

/** A stable fingerprint of what would be registered. */
export function commandsHash(json: readonly DiscordCommandJson[]): string {
  return createHash('sha256').update(JSON.stringify(json)).digest('hex');
}
