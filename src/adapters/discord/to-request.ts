/**
 * Discord interaction payloads (as the gateway delivers them) as neutral requests.
 * Pure: no client, no I/O; the payload itself says who, where, in which language
 * and with which permissions.
 */
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionDataResolved,
  type APIMessageComponentInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ComponentType,
  type InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import { type Locale, toLocale } from '../../core/i18n.ts';
import { decodeButtonId } from '../../core/reply.ts';
import type { ActionRequest, AutocompleteRequest, CommandRequest, OptionValue, User, Where } from '../../core/request.ts';
import { cleanInput, MAX_INPUT_LENGTH } from '../../core/text-command.ts';

/** The parts every interaction type shares. */
interface InteractionBase {
  type: InteractionType;
  guild_id?: string;
  channel?: { id: string };
  channel_id?: string;
  member?: { user: APIUser; nick?: string | null; permissions: string };
  user?: APIUser;
  locale?: string;
}

/** Manage Server, or Administrator (which grants everything). */
const MANAGE = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

function userOfPayload(interaction: InteractionBase): APIUser | undefined {
  return interaction.member?.user ?? interaction.user;
}

function nameOf(user: APIUser, nick?: string | null): string {
  return nick || user.global_name || user.username || user.id;
}

/** Whether the member's permissions in this channel include managing the server. A DM has no member, so never there. */
export function canManage(interaction: InteractionBase): boolean {
  const bits = interaction.member?.permissions;
  if (!bits) return false;
  try {
    return (BigInt(bits) & MANAGE) !== 0n;
  } catch {
    return false;
  }
}

export function whereOf(interaction: InteractionBase): Where | undefined {
  const user = userOfPayload(interaction);
  const channel = interaction.channel?.id ?? interaction.channel_id;
  if (!user || !channel) return undefined;
  // A DM has no server; each person's DMs are their own community so records never mix.
  return { platform: 'discord', community: interaction.guild_id ?? `dm:${user.id}`, channel };
}

export function userOf(interaction: InteractionBase, defaultLocale: Locale): User | undefined {
  const user = userOfPayload(interaction);
  if (!user) return undefined;
  return {
    id: user.id,
    displayName: nameOf(user, interaction.member?.nick),
    locale: toLocale(interaction.locale, defaultLocale),
    canManage: canManage(interaction),
  };
}

function text(value: string): string {
  return cleanInput(value).trim().slice(0, MAX_INPUT_LENGTH);
}

function userOption(id: string, resolved: APIInteractionDataResolved | undefined): OptionValue {
  const user = resolved?.users?.[id];
  if (!user) return { userId: id };
  return { userId: id, displayName: nameOf(user, resolved?.members?.[id]?.nick) };
}

interface Flattened {
  subcommand?: string;
  options: Record<string, OptionValue>;
  focused?: { name: string; value: string };
}

/** Subcommand (and group) nesting flattened into the subcommand's name and its options. */
function flatten(options: readonly APIApplicationCommandInteractionDataOption[] | undefined, resolved?: APIInteractionDataResolved): Flattened {
  const out: Flattened = { options: {} };
  let level = options ?? [];
  for (;;) {
    const nested = level.find(
      (option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!nested || !('options' in nested)) break;
    if (nested.type === ApplicationCommandOptionType.Subcommand) out.subcommand = nested.name;
    level = nested.options ?? [];
    if (nested.type === ApplicationCommandOptionType.Subcommand) break;
  }
  for (const option of level) {
    if (option.type === ApplicationCommandOptionType.String) {
      out.options[option.name] = text(option.value);
      if (option.focused) out.focused = { name: option.name, value: text(option.value) };
    } else if (option.type === ApplicationCommandOptionType.User) {
      out.options[option.name] = userOption(option.value, resolved);
    } else if (option.type === ApplicationCommandOptionType.Boolean) {
      out.options[option.name] = option.value;
    } else if ('focused' in option && option.focused) {
      out.focused = { name: option.name, value: text(String(option.value)) };
    }
  }
  return out;
}

export function toCommandRequest(interaction: APIChatInputApplicationCommandInteraction, defaultLocale: Locale): CommandRequest | undefined {
  const where = whereOf(interaction);
  const user = userOf(interaction, defaultLocale);
  if (!where || !user) return undefined;
  const { subcommand, options } = flatten(interaction.data.options, interaction.data.resolved);
  const request: CommandRequest = { kind: 'command', ...where, command: interaction.data.name, options, user, requestId: interaction.id, raw: interaction };
  if (subcommand) request.subcommand = subcommand;
  return request;
}

/** A button press on one of our buttons; undefined for other components or foreign ids. */
export function toActionRequest(interaction: APIMessageComponentInteraction, defaultLocale: Locale): ActionRequest | undefined {
  if (interaction.data.component_type !== ComponentType.Button) return undefined;
  const decoded = decodeButtonId(interaction.data.custom_id);
  const where = whereOf(interaction);
  const user = userOf(interaction, defaultLocale);
  if (!decoded || !where || !user) return undefined;
  return { kind: 'action', ...where, action: decoded.action, payload: decoded.payload, user, requestId: interaction.id, raw: interaction };
}

export function toAutocompleteRequest(interaction: APIApplicationCommandAutocompleteInteraction, defaultLocale: Locale): AutocompleteRequest | undefined {
  const where = whereOf(interaction);
  const user = userOf(interaction, defaultLocale);
  const { focused } = flatten(interaction.data.options);
  if (!where || !user || !focused) return undefined;
  return { kind: 'autocomplete', ...where, command: interaction.data.name, option: focused.name, value: focused.value, user };
}
