/**
 * The Slack app manifest, built from the command registry so the slash commands
 * Slack knows never drift from what the bot handles. Pasting it into
 * "Create New App → From a manifest" sets the app up.
 */
import type { Command } from '../../core/command.ts';

/** Where Slack sends commands, interactivity and events in HTTP mode: one path for all three. */
export const SLACK_EVENTS_PATH = '/slack/events';

export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read'] as const;

const LIMITS = { name: 35, description: 140, commandDescription: 100, usageHint: 100 } as const;

export interface ManifestOptions {
  commands: readonly Command[];
  /** HTTP mode: the bot's public base URL (https). Without it the app uses Socket Mode. */
  publicUrl?: string;
  name?: string;
}

export interface SlashCommandManifest {
  command: string;
  description: string;
  usage_hint?: string;
  should_escape: boolean;
  url?: string;
}

export interface SlackManifest {
  display_information: { name: string; description: string; background_color: string };
  features: { bot_user: { display_name: string; always_online: boolean }; slash_commands: SlashCommandManifest[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

export function slackManifest(options: ManifestOptions): SlackManifest {
  const requestUrl = options.publicUrl === undefined ? undefined : eventsUrl(options.publicUrl);
  const name = (options.name ?? 'k8s study bot').slice(0, LIMITS.name);
  return {
    display_information: {
      name,
      description: 'Kubernetes glossary lookups, daily trivia and streaks for a study group (쿠버네티스 스터디 봇)'.slice(0, LIMITS.description),
      background_color: '#326ce5',
    },
    features: {
      bot_user: { display_name: name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'), always_online: true },
      slash_commands: options.commands.map((command) => slashCommand(command, requestUrl)),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      interactivity: requestUrl ? { is_enabled: true, request_url: requestUrl } : { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: requestUrl === undefined,
      token_rotation_enabled: false,
    },
  };
}

/** `https://host` or `https://host/` → `https://host/slack/events`; Slack only calls https URLs. */
export function eventsUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:') throw new Error(`Slack request URLs must use https: got ${publicUrl}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
}

function slashCommand(command: Command, requestUrl: string | undefined): SlashCommandManifest {
  const both = `${command.description.en} · ${command.description.ko}`;
  const entry: SlashCommandManifest = {
    command: `/${command.name}`,
    description: both.length <= LIMITS.commandDescription ? both : command.description.en.slice(0, LIMITS.commandDescription),
    // With escaping on, Slack turns a typed @name into <@U…|name>, which is how a user option arrives.
    should_escape: hasUserOption(command),
  };
  const hint = usageHint(command);
  if (hint) entry.usage_hint = hint;
  if (requestUrl) entry.url = requestUrl;
  return entry;
}

/** The text after the command name, in Slack's words: `[practice|subscribe|…]`, `<term>`, `[@user]`. */
export function usageHint(command: Command): string | undefined {
  if (command.subcommands) return fitAlternatives(command.subcommands.map((sub) => sub.name));
  const parts = (command.options ?? []).map((option) => {
    const name = option.type === 'user' ? `@${option.name}` : option.choices ? option.choices.join('|') : option.name;
    return option.required ? `<${name}>` : `[${name}]`;
  });
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * `[a|b|c]` within Slack's limit. Cut with a plain slice, a long list would end in half a
 * subcommand's name (`[…|pau`), which reads as a command that does not exist; this drops whole
 * names from the end and says so with `…`.
 */
function fitAlternatives(names: string[]): string {
  const all = `[${names.join('|')}]`;
  if (all.length <= LIMITS.usageHint) return all;
  const kept: string[] = [];
  for (const name of names) {
    if (`[${[...kept, name, '…'].join('|')}]`.length > LIMITS.usageHint) break;
    kept.push(name);
  }
  return `[${[...kept, '…'].join('|')}]`;
}

function hasUserOption(command: Command): boolean {
  const options = [...(command.options ?? []), ...(command.subcommands ?? []).flatMap((sub) => sub.options ?? [])];
  return options.some((option) => option.type === 'user');
}
