/**
 * The neutral Form as a Discord modal, and a modal's submission as a neutral ActionRequest.
 * Pure: the modal's custom id carries `action|payload` as a button's does, so a submission
 * works on any replica, and the one text input's value becomes the request's `value`.
 */
import { type APIModalInteractionResponseCallbackData, type APIModalSubmitInteraction, ComponentType, TextInputStyle } from 'discord.js';
import type { Locale } from '../../core/i18n.ts';
import { decodeButtonId, encodeButtonId, type Form, plainText } from '../../core/reply.ts';
import type { ActionRequest } from '../../core/request.ts';
import { cleanInput } from '../../core/text-command.ts';
import { clip } from './render.ts';
import { userOf, whereOf } from './to-request.ts';

/** Discord's documented modal limits. */
export const MODAL_LIMITS = { title: 45, label: 45, placeholder: 100, maxLength: 4000 } as const;

/** The text input's own id inside the modal. */
const FIELD_ID = 'value';

export function renderModal(form: Form): APIModalInteractionResponseCallbackData {
  const input = {
    type: ComponentType.TextInput,
    custom_id: FIELD_ID,
    style: TextInputStyle.Paragraph,
    label: clip(plainText(form.label), MODAL_LIMITS.label),
    min_length: 1,
    max_length: Math.min(form.maxLength, MODAL_LIMITS.maxLength),
    required: true,
    ...(form.placeholder ? { placeholder: clip(plainText(form.placeholder), MODAL_LIMITS.placeholder) } : {}),
  } as const;
  return {
    custom_id: encodeButtonId(form),
    title: clip(plainText(form.title), MODAL_LIMITS.title),
    components: [{ type: ComponentType.ActionRow, components: [input] }],
  };
}

/** The text typed into the modal's input, whether Discord nests it in an action row or a label. */
function typedValue(components: readonly unknown[]): string | undefined {
  for (const component of components) {
    const node = component as { type?: number; custom_id?: string; value?: unknown; components?: unknown[]; component?: unknown };
    if (node.type === ComponentType.TextInput && node.custom_id === FIELD_ID && typeof node.value === 'string') return node.value;
    const nested = node.components ?? (node.component ? [node.component] : []);
    const found = typedValue(nested);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A submission of one of our modals; undefined for a foreign one. */
export function toFormRequest(interaction: APIModalSubmitInteraction, defaultLocale: Locale): ActionRequest | undefined {
  const decoded = decodeButtonId(interaction.data.custom_id);
  const where = whereOf(interaction);
  const user = userOf(interaction, defaultLocale);
  if (!decoded || !where || !user) return undefined;
  // Line breaks are kept out like everywhere else: a reason is shown on one line in lists.
  const value = cleanInput(typedValue(interaction.data.components) ?? '').trim();
  return { kind: 'action', ...where, action: decoded.action, payload: decoded.payload, value, user, requestId: interaction.id, raw: interaction };
}
