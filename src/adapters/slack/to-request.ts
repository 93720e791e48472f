/**
 * Slack payloads as neutral requests. Pure: the adapter looks the user up
 * (locale, admin) and hands the result in.
 */
import type { BlockAction, ButtonAction, SlashCommand } from '@slack/bolt';
import { type Command, subcommandOf } from '../../core/command.ts';
import { decodeButtonId } from '../../core/reply.ts';
import type { ActionRequest, CommandRequest, User, Where } from '../../core/request.ts';
import { type ParsedText, parseArguments } from '../../core/text-command.ts';
import { unescapeText } from './render.ts';

/** The workspace; on an Enterprise Grid the organisation is part of it, so two workspaces never share records. */
export function communityOf(teamId: string, enterpriseId?: string | null): string {
  return enterpriseId ? `${enterpriseId}:${teamId}` : teamId;
}

export interface SlashCommandInput {
  where: Where;
  userId: string;
  userName: string;
  parsed: ParsedText;
  /** The subcommand needs the manage permission, so the adapter must find out whether the user is an admin. */
  needsManage: boolean;
}

/**
 * Parses `/define 큐블렛`, `/quiz subscribe`, `/streak <@U123|amy>`. Throws the core's
 * UserError for text the core refuses (too long, an open quote, an unknown command).
 */
export function parseSlashCommand(
  payload: Pick<SlashCommand, 'command' | 'text' | 'user_id' | 'user_name' | 'team_id' | 'channel_id' | 'enterprise_id'>,
  commands: readonly Command[],
): SlashCommandInput {
  // Slack sends typed &, < and > as entities; mentions it resolved arrive as <@U…|name>.
  const parsed = parseArguments(payload.command, unescapeText(payload.text ?? ''), commands);
  const command = commands.find((candidate) => candidate.name === parsed.command);
  const sub = command ? subcommandOf(command, parsed.subcommand) : undefined;
  if (sub) parsed.subcommand = sub.name;
  return {
    where: { platform: 'slack', community: communityOf(payload.team_id, payload.enterprise_id), channel: payload.channel_id },
    userId: payload.user_id,
    userName: payload.user_name || payload.user_id,
    parsed,
    needsManage: sub?.requiresManage === true,
  };
}

export function toCommandRequest(input: SlashCommandInput, user: User, raw?: unknown): CommandRequest {
  const request: CommandRequest = { kind: 'command', ...input.where, command: input.parsed.command, options: input.parsed.options, user };
  if (input.parsed.subcommand) request.subcommand = input.parsed.subcommand;
  return withRaw(request, raw);
}

/** Slack's payloads carry no id of their own; the trigger id is unique per command or press. */
function withRaw<T extends CommandRequest | ActionRequest>(request: T, raw: unknown): T {
  if (raw === undefined) return request;
  request.raw = raw;
  const trigger = (raw as { trigger_id?: unknown }).trigger_id;
  if (typeof trigger === 'string') request.requestId = trigger;
  return request;
}

export interface ButtonPress {
  where: Where;
  userId: string;
  userName: string;
  action: string;
  payload: string;
  responseUrl?: string;
  /** The message the button sits on, for chat.update when there is no response_url. */
  messageTs?: string;
}

/** A block_actions button press, or undefined when it is not one of ours (another element, a foreign id). */
export function parseButtonPress(body: BlockAction, action: BlockAction['actions'][number]): ButtonPress | undefined {
  if (action.type !== 'button') return undefined;
  const button = action as ButtonAction;
  const decoded = decodeButtonId(button.value ?? button.action_id);
  const channel = body.channel?.id ?? (typeof body.container.channel_id === 'string' ? body.container.channel_id : undefined);
  const teamId = body.team?.id ?? body.user.team_id;
  if (!decoded || !channel || !teamId) return undefined;
  const enterpriseId = body.enterprise?.id ?? body.team?.enterprise_id;
  const press: ButtonPress = {
    where: { platform: 'slack', community: communityOf(teamId, enterpriseId), channel },
    userId: body.user.id,
    userName: body.user.username || body.user.name || body.user.id,
    action: decoded.action,
    payload: decoded.payload,
  };
  if (body.response_url) press.responseUrl = body.response_url;
  const ts = body.message?.ts ?? body.container.message_ts;
  if (typeof ts === 'string') press.messageTs = ts;
  return press;
}

export function toActionRequest(press: ButtonPress, user: User, raw?: unknown): ActionRequest {
  const request: ActionRequest = { kind: 'action', ...press.where, action: press.action, payload: press.payload, user };
  return withRaw(request, raw);
}
