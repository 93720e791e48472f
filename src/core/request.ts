import type { CommunityRef } from '../store/keys.ts';
import type { Locale } from './i18n.ts';

export const PLATFORMS = ['discord', 'slack', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(name: string): name is Platform {
  return (PLATFORMS as readonly string[]).includes(name);
}

export interface User {
  id: string;
  displayName: string;
  locale: Locale;
  /** May manage the community's subscriptions (Discord: Manage Server; Slack: admin or owner). */
  canManage: boolean;
}

export interface Where {
  platform: Platform;
  community: string;
  channel: string;
}

export type OptionValue = string | boolean | { userId: string; displayName?: string };

/** A slash command as the core sees it. */
export interface CommandRequest extends Where {
  kind: 'command';
  command: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
  user: User;
  /** The platform's id for this request (Discord interaction id, Slack trigger id), for the logs. */
  requestId?: string;
  /** The platform's original payload, for the rare handler that needs it. */
  raw?: unknown;
}

/** A button press coming back to the core, or a form's submission (with what was typed as `value`). */
export interface ActionRequest extends Where {
  kind: 'action';
  action: string;
  payload: string;
  /** The text typed into a form (`ActionOutcome.form`); absent for a button press. */
  value?: string;
  user: User;
  requestId?: string;
  raw?: unknown;
}

export interface AutocompleteRequest extends Where {
  kind: 'autocomplete';
  command: string;
  option: string;
  value: string;
  user: User;
}

export interface AutocompleteChoice {
  name: string;
  value: string;
}

/** The community a request comes from, as the store's keys take it. */
export function communityOf(where: Pick<Where, 'platform' | 'community'>): CommunityRef {
  return { platform: where.platform, community: where.community };
}
