/**
 * The neutral Form as a Slack modal (`views.open` with the press's trigger id), and a
 * `view_submission` as a neutral ActionRequest. Pure. The view's callback id carries
 * `action|payload` as a button's value does; the channel the press came from rides in
 * `private_metadata`, since a submission names no channel and the thank-you goes there.
 */
import type { ViewSubmitAction } from '@slack/bolt';
import { decodeButtonId, encodeButtonId, type Form, plainText } from '../../core/reply.ts';
import type { ActionRequest, User, Where } from '../../core/request.ts';
import { cleanInput } from '../../core/text-command.ts';
import { communityOf } from './to-request.ts';

/** Slack's documented modal limits. */
export const VIEW_LIMITS = { title: 24, submit: 24, label: 2000, placeholder: 150, maxLength: 3000 } as const;

/** The input block's id and its element's action id. */
const FIELD_ID = 'value';

function plain(text: string, max: number): { type: 'plain_text'; text: string } {
  const shown = plainText(text);
  return { type: 'plain_text', text: shown.length <= max ? shown : `${shown.slice(0, max - 1)}…` };
}

export function renderView(form: Form, where: Pick<Where, 'channel'>) {
  return {
    type: 'modal' as const,
    callback_id: encodeButtonId(form),
    private_metadata: JSON.stringify({ channel: where.channel }),
    title: plain(form.title, VIEW_LIMITS.title),
    submit: plain(form.submit, VIEW_LIMITS.submit),
    blocks: [
      {
        type: 'input' as const,
        block_id: FIELD_ID,
        label: plain(form.label, VIEW_LIMITS.label),
        element: {
          type: 'plain_text_input' as const,
          action_id: FIELD_ID,
          multiline: true,
          min_length: 1,
          max_length: Math.min(form.maxLength, VIEW_LIMITS.maxLength),
          ...(form.placeholder ? { placeholder: plain(form.placeholder, VIEW_LIMITS.placeholder) } : {}),
        },
      },
    ],
  };
}

export interface ViewSubmission {
  where: Where;
  userId: string;
  userName: string;
  action: string;
  payload: string;
  value: string;
}

/** One of our modals submitted; undefined for a foreign view or one without the channel it came from. */
export function parseViewSubmission(body: ViewSubmitAction): ViewSubmission | undefined {
  const decoded = decodeButtonId(body.view.callback_id);
  const channel = channelOf(body.view.private_metadata);
  const teamId = body.team?.id ?? body.user.team_id ?? body.view.team_id;
  if (!decoded || !channel || !teamId) return undefined;
  const typed = body.view.state.values[FIELD_ID]?.[FIELD_ID]?.value ?? '';
  return {
    where: { platform: 'slack', community: communityOf(teamId, body.enterprise?.id ?? body.team?.enterprise_id), channel },
    userId: body.user.id,
    userName: body.user.name || body.user.id,
    action: decoded.action,
    payload: decoded.payload,
    value: cleanInput(typed).trim(),
  };
}

function channelOf(metadata: string): string | undefined {
  try {
    const channel = (JSON.parse(metadata) as { channel?: unknown }).channel;
    return typeof channel === 'string' && channel ? channel : undefined;
  } catch {
    return undefined;
  }
}

export function toSubmissionRequest(submission: ViewSubmission, user: User, raw?: unknown): ActionRequest {
  const request: ActionRequest = { kind: 'action', ...submission.where, action: submission.action, payload: submission.payload, value: submission.value, user };
  if (raw !== undefined) request.raw = raw;
  const trigger = (raw as { trigger_id?: unknown } | undefined)?.trigger_id;
  if (typeof trigger === 'string') request.requestId = trigger;
  return request;
}
