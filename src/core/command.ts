import type { Localized } from './i18n.ts';
import type { ActionOutcome, Reply } from './reply.ts';
import type { ActionRequest, AutocompleteChoice, AutocompleteRequest, CommandRequest } from './request.ts';
import type { Study } from './study.ts';

export interface OptionSpec {
  name: string;
  /** A boolean option is a switch: on Discord a true/false option, in typed text its own name (`/quiz dashboard reset`). */
  type: 'string' | 'user' | 'boolean';
  description: Localized;
  required?: boolean;
  autocomplete?: boolean;
  /** The only values accepted; Discord offers them as choices. */
  choices?: string[];
  /** Characters the platform lets a member type (Discord's `max_length`; default 100). */
  maxLength?: number;
}

export interface SubcommandSpec {
  name: string;
  description: Localized;
  options?: OptionSpec[];
  /** Needs the community's manage permission; checked by the dispatcher from the request. */
  requiresManage?: boolean;
}

export type ActionHandler = (request: ActionRequest, study: Study) => Promise<ActionOutcome>;

/** One slash command, written once for every platform. */
export interface Command {
  name: string;
  description: Localized;
  /** Shown in help and in usage errors, e.g. "/define <term>". */
  usage: string;
  options?: OptionSpec[];
  subcommands?: SubcommandSpec[];
  /** The subcommand used when none is typed (`/quiz` = `/quiz practice`). */
  defaultSubcommand?: string;
  handle(request: CommandRequest, study: Study): Promise<Reply>;
  /**
   * The reply depends only on the subcommand, the options and the user's language — not on
   * who asks, where, or anything in the store — so the dispatcher may hand out one it made
   * before. Such replies are frozen: adapters render them, never change them.
   */
  pure?: boolean;
  /**
   * Reads the typed text after the command name into options, for a command whose options a
   * plain "the rest is the one string option" cannot split (`/report <id> <reason>`).
   */
  parseText?(text: string): Record<string, string>;
  /** Button handlers, keyed by the part after `<command>.` in a button's action. */
  actions?: Record<string, ActionHandler>;
  autocomplete?(request: AutocompleteRequest, study: Study): Promise<AutocompleteChoice[]>;
}

/**
 * The subcommand a request runs: the one it names, else the command's default. The one place
 * the default is resolved; the dispatcher, the text parser and the adapters all ask here.
 */
export function subcommandOf(command: Command, named: string | undefined): SubcommandSpec | undefined {
  const name = named ?? command.defaultSubcommand;
  return name === undefined ? undefined : command.subcommands?.find((sub) => sub.name === name);
}

/** The options of the subcommand a request runs, or of the command itself. */
export function optionsOf(command: Command, subcommand: string | undefined): OptionSpec[] {
  if (command.subcommands) return subcommandOf(command, subcommand)?.options ?? [];
  return command.options ?? [];
}
