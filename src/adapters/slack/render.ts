/**
 * The neutral Reply as a Slack Block Kit message. Pure: no client, no I/O.
 *
 * Every piece of text in a Reply may carry what a user typed or what content
 * authors wrote, so all of it is escaped (&, <, >) before the markup this file
 * adds itself; that is what keeps `<!everyone>`, `<@U…>` and `<url|label>` from
 * ever reaching Slack as control sequences.
 */
import type { types } from '@slack/bolt';
import { type Button, encodeButtonId, plainText, type Reply } from '../../core/reply.ts';

type KnownBlock = types.KnownBlock;
type SlackButton = types.Button;

/** Slack's documented Block Kit limits. */
export const LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  buttonsPerActions: 25,
  actionsBlocks: 5,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  fallbackText: 3000,
} as const;

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot draw blocks. */
  text: string;
  blocks: KnownBlock[];
}

export interface CommandResponse extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
}

/** Slack's escaping: only these three characters are control characters in message text. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes `escapeText`; Slack sends typed text in this encoded form. */
export function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// Slack only draws *bold* and `code` when the marker is not glued to a letter, which
// Korean particles always are ("**B**예요"); a zero-width space keeps the formatting.
const GLUE = '\u200b';
const WORDISH = /[\p{L}\p{N}]/u;

function formatSpan(marker: string, inner: string, before: string, after: string): string {
  return `${WORDISH.test(before) ? GLUE : ''}${marker}${inner}${marker}${WORDISH.test(after) ? GLUE : ''}`;
}

/** Neutral markup (`**bold**`, `` `code` ``) as escaped Slack mrkdwn. */
export function toMrkdwn(text: string): string {
  const escaped = escapeText(text);
  const bold = escaped.replace(/\*\*(.+?)\*\*/gs, (_whole, inner: string, offset: number, all: string) =>
    formatSpan('*', inner, all[offset - 1] ?? '', all[offset + inner.length + 4] ?? ''),
  );
  return bold.replace(/`([^`\n]+)`/g, (_whole, inner: string, offset: number, all: string) =>
    formatSpan('`', inner, all[offset - 1] ?? '', all[offset + inner.length + 2] ?? ''),
  );
}

/** Plain text for plain_text objects: markup dropped, then escaped like everything else. */
function toPlain(text: string): string {
  return escapeText(plainText(text));
}

/** Cuts to `max` characters with an ellipsis, never inside an entity or a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(text[cut - 1] ?? '')) cut -= 1;
  return `${text.slice(0, cut).replace(/&[a-z]{0,3}$/, '')}…`;
}

/** A line that is nothing but a URL becomes a link; only field values (documentation links) get this. */
function linkLines(mrkdwn: string): string {
  return mrkdwn
    .split('\n')
    .map((line) => (/^https?:\/\/[^\s|]+$/.test(line) ? `<${line}>` : line))
    .join('\n');
}

function mrkdwn(text: string, max: number): types.MrkdwnElement {
  // verbatim: Slack must not auto-link or resolve names in what users typed.
  return { type: 'mrkdwn', text: clip(text, max), verbatim: true };
}

function header(title: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(toPlain(title), LIMITS.headerText), emoji: true } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(toMrkdwn(text), LIMITS.sectionText) };
}

function fieldText(name: string, value: string): string {
  return `*${toPlain(name)}*\n${linkLines(toMrkdwn(value))}`;
}

/** Inline fields share a two-column section (at most ten per section); others get a full-width section each. */
function fieldBlocks(fields: NonNullable<Reply['fields']>): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let columns: types.MrkdwnElement[] = [];
  const flush = () => {
    if (columns.length > 0) blocks.push({ type: 'section', fields: columns });
    columns = [];
  };
  for (const field of fields) {
    if (!field.inline) {
      flush();
      blocks.push({ type: 'section', text: mrkdwn(fieldText(field.name, field.value), LIMITS.sectionText) });
      continue;
    }
    columns.push(mrkdwn(fieldText(field.name, field.value), LIMITS.fieldText));
    if (columns.length === LIMITS.fieldsPerSection) flush();
  }
  flush();
  return blocks;
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(text, LIMITS.contextText)] };
}

function slackButton(button: Button, actionId: string): SlackButton {
  const id = encodeButtonId(button);
  const rendered: SlackButton = {
    type: 'button',
    text: { type: 'plain_text', text: clip(toPlain(button.label), LIMITS.buttonText), emoji: true },
    action_id: clip(actionId, LIMITS.actionId),
    value: clip(id, LIMITS.buttonValue),
  };
  // Slack has two colours; success reads as the primary (green) one, secondary is the default.
  if (button.style === 'primary' || button.style === 'success') rendered.style = 'primary';
  if (button.style === 'danger') rendered.style = 'danger';
  return rendered;
}

/** Enabled buttons in actions blocks; the button id rides in `value` and, unique per message, in `action_id`. */
function actionBlocks(buttons: readonly Button[]): KnownBlock[] {
  const seen = new Map<string, number>();
  const elements = buttons.map((button) => {
    const id = encodeButtonId(button);
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    return slackButton(button, count === 0 ? id : `${id}#${count}`);
  });
  const blocks: KnownBlock[] = [];
  for (let start = 0; start < elements.length && blocks.length < LIMITS.actionsBlocks; start += LIMITS.buttonsPerActions) {
    blocks.push({ type: 'actions', block_id: `actions-${blocks.length}`, elements: elements.slice(start, start + LIMITS.buttonsPerActions) });
  }
  return blocks;
}

/** Slack buttons cannot be disabled, so a settled choice row is drawn as text: ✅ right, ❌ picked wrong. */
function settledLine(buttons: readonly Button[]): string {
  return buttons
    .map((button) => {
      const label = toPlain(button.label);
      if (button.style === 'success') return `✅ *${label}*`;
      if (button.style === 'danger') return `❌ ~${label}~`;
      return label;
    })
    .join('   ');
}

function fallbackText(reply: Reply): string {
  const parts = [reply.title, reply.sections[0], reply.fields?.[0] && `${reply.fields[0].name}: ${reply.fields[0].value}`, reply.footer];
  const text = parts
    .filter((part): part is string => Boolean(part))
    .map(toPlain)
    .join('\n');
  return clip(text || ' ', LIMITS.fallbackText);
}

export function renderMessage(reply: Reply): SlackMessage {
  const head: KnownBlock[] = reply.title ? [header(reply.title)] : [];
  const body: KnownBlock[] = [...reply.sections.filter((text) => text.trim() !== '').map(section), ...fieldBlocks(reply.fields ?? [])];
  const buttons = reply.buttons ?? [];
  const settled = buttons.filter((button) => button.disabled);
  const tail: KnownBlock[] = [
    ...(settled.length > 0 ? [context(settledLine(settled))] : []),
    ...(reply.footer ? [context(toMrkdwn(reply.footer))] : []),
    ...actionBlocks(buttons.filter((button) => !button.disabled)),
  ];
  // Over the block limit, the body gives way: the title, the footer and the buttons are what a reader acts on.
  const room = LIMITS.blocks - head.length - tail.length;
  const kept = body.length > room ? [...body.slice(0, Math.max(0, room - 1)), context('…')] : body;
  return { text: fallbackText(reply), blocks: [...head, ...kept, ...tail] };
}

/** The body of a slash command answer (the ack payload or a response_url post). */
export function commandResponse(reply: Reply): CommandResponse {
  return { response_type: reply.visibility === 'requester' ? 'ephemeral' : 'in_channel', ...renderMessage(reply) };
}
