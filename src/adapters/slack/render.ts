/**
 * The neutral Reply as a Slack Block Kit message. Pure: no client, no I/O.
 *
 * Every piece of text in a Reply may carry what a user typed or what content
 * authors wrote, so all of it is escaped (&, <, >) before the markup this file
 * adds itself; that is what keeps `<!everyone>`, `<@U…>` and `<url|label>` from
 * ever reaching Slack as control sequences. User text is further kept from
 * formatting (`escapeUserMrkdwn`).
 */
import type { types } from '@slack/bolt';
import { type Button, encodeButtonId, isUserSlot, plainText, type Reply, renderText, stripMarkup } from '../../core/reply.ts';

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
  buttonUrl: 3000,
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
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, (char) => ENTITIES[char as '&' | '<' | '>']) : text;
}

const CONTROL = /[&<>]/;
const CONTROL_ALL = /[&<>]/g;
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;' } as const;

/** Undoes `escapeText`; Slack sends typed text in this encoded form. */
export function unescapeText(text: string): string {
  return text.includes('&') ? text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text;
}

// Slack only draws *bold* and `code` when the marker is not glued to a letter, which
// Korean particles always are ("**B**예요"); a zero-width space keeps the formatting.
const GLUE = '\u200b';
const WORDISH = /[\p{L}\p{N}]/u;

/** A neighbour that would glue to a marker: a letter or digit, or user text, which may start with one. */
function gluey(char: string): boolean {
  return char !== '' && (WORDISH.test(char) || isUserSlot(char));
}

function formatSpan(marker: string, inner: string, before: string, after: string): string {
  return `${gluey(before) ? GLUE : ''}${marker}${inner}${marker}${gluey(after) ? GLUE : ''}`;
}

/**
 * Slack's mrkdwn has no escape for its formatting characters, so in user text they become
 * lookalikes that Slack does not format with, and a quote marker at the start of a line gets an
 * invisible soft hyphen before it (the approach of jsx-slack's `<Escape>`). Slack formats with the
 * fullwidth forms too. With `&`, `<` and `>` escaped no link, mention or date can form.
 */
export function escapeUserMrkdwn(text: string): string {
  return escapeText(text)
    .replace(FORMATTING, (char) => LOOKALIKES[char as keyof typeof LOOKALIKES])
    .replace(/^(\s*)(&gt;|\uff1e)/gm, '$1\u00ad$2');
}

const LOOKALIKES = { '*': '\u2217', '\uff0a': '\ufe61', _: '\u02cd', '\uff3f': '\u2e0f', '`': '\u02cb', '\uff40': '\u02cb', '~': '\u223c' } as const;
const FORMATTING = /[*\uff0a_\uff3f`\uff40~]/g;

/** Neutral markup (`**bold**`, `` `code` ``) as escaped Slack mrkdwn; user text shown as typed. */
export function toMrkdwn(text: string): string {
  return renderText(text, ownMrkdwn, escapeUserMrkdwn);
}

/** Neutral text in a mrkdwn place that takes no formatting of ours (inside our own `*…*`, the fallback). */
function plainMrkdwn(text: string): string {
  return renderText(text, (own) => escapeText(stripMarkup(own)), escapeUserMrkdwn);
}

function ownMrkdwn(text: string): string {
  const escaped = escapeText(text);
  // Most text carries no markup; skipping the span passes is what keeps rendering cheap per request.
  if (!escaped.includes('*') && !escaped.includes('`')) return escaped;
  const bold = escaped.replace(/\*\*(.+?)\*\*/gs, (_whole, inner: string, offset: number, all: string) =>
    formatSpan('*', inner, all[offset - 1] ?? '', all[offset + inner.length + 4] ?? ''),
  );
  return bold.replace(/`([^`\n]+)`/g, (_whole, inner: string, offset: number, all: string) =>
    formatSpan('`', inner, all[offset - 1] ?? '', all[offset + inner.length + 2] ?? ''),
  );
}

/** Plain text for plain_text objects (Slack draws no markup there): markup dropped, user text as typed, then escaped like everything else. */
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
  if (!mrkdwn.includes('http')) return mrkdwn;
  const lines = mrkdwn.split('\n');
  for (let i = 0; i < lines.length; i += 1) if (URL_LINE.test(lines[i]!)) lines[i] = `<${lines[i]}>`;
  return lines.join('\n');
}

// Printable ASCII but `|`: a line holding user text (or a slot for it) is never made a link.
const URL_LINE = /^https?:\/\/[!-{}~]+$/;

function mrkdwn(text: string, max: number): types.MrkdwnElement {
  // verbatim: Slack must not auto-link or resolve names in what users typed.
  return { type: 'mrkdwn', text: clip(text, max), verbatim: true };
}

function header(title: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(toPlain(title), LIMITS.headerText) } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(toMrkdwn(text), LIMITS.sectionText) };
}

function fieldText(name: string, value: string): string {
  return `*${plainMrkdwn(name)}*\n${renderText(value, (own) => linkLines(ownMrkdwn(own)), escapeUserMrkdwn)}`;
}

/** Inline fields share a two-column section (at most ten per section); others get a full-width section each. */
function fieldBlocks(fields: NonNullable<Reply['fields']>, blocks: KnownBlock[]): void {
  let columns: types.MrkdwnElement[] = [];
  for (const field of fields) {
    if (field.inline) {
      columns.push(mrkdwn(fieldText(field.name, field.value), LIMITS.fieldText));
      if (columns.length < LIMITS.fieldsPerSection) continue;
    }
    if (columns.length > 0) blocks.push({ type: 'section', fields: columns });
    columns = [];
    if (!field.inline) blocks.push({ type: 'section', text: mrkdwn(fieldText(field.name, field.value), LIMITS.sectionText) });
  }
  if (columns.length > 0) blocks.push({ type: 'section', fields: columns });
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(text, LIMITS.contextText)] };
}

function slackButton(button: Button, id: string, actionId: string): SlackButton {
  const rendered: SlackButton = {
    type: 'button',
    text: { type: 'plain_text', text: clip(toPlain(button.label), LIMITS.buttonText) },
    action_id: clip(actionId, LIMITS.actionId),
  };
  // The press is decoded from `value`, else from `action_id`: when the action id already is the
  // button id, a copy in `value` is only bytes on every message (a definition carries seven).
  if (rendered.action_id !== id) rendered.value = clip(id, LIMITS.buttonValue);
  // Slack has two colours; success reads as the primary (green) one, secondary is the default.
  if (button.style === 'primary' || button.style === 'success') rendered.style = 'primary';
  if (button.style === 'danger') rendered.style = 'danger';
  return rendered;
}

function linkButton(label: string, url: string, actionId: string): SlackButton {
  return { type: 'button', text: { type: 'plain_text', text: clip(toPlain(label), LIMITS.buttonText) }, action_id: actionId, url: clip(url, LIMITS.buttonUrl) };
}

/** Enabled buttons in actions blocks; the button id rides in `action_id` (unique per message), and in `value` when the action id had to differ. */
function actionBlocks(buttons: readonly Button[], blocks: KnownBlock[]): void {
  const seen = new Map<string, number>();
  let elements: SlackButton[] = [];
  let made = 0;
  let links = 0;
  for (const button of buttons) {
    if (button.disabled) continue;
    if (button.url !== undefined) {
      // Slack still sends a block action for a link; an action_id without `|` decodes to no press, so it is only acked.
      elements.push(linkButton(button.label, button.url, `link:${links++}`));
      if (elements.length === LIMITS.buttonsPerActions) {
        if (made < LIMITS.actionsBlocks) blocks.push({ type: 'actions', elements });
        made += 1;
        elements = [];
      }
      continue;
    }
    const id = encodeButtonId(button);
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    elements.push(slackButton(button, id, count === 0 ? id : `${id}#${count}`));
    if (elements.length === LIMITS.buttonsPerActions) {
      if (made < LIMITS.actionsBlocks) blocks.push({ type: 'actions', elements });
      made += 1;
      elements = [];
    }
  }
  if (elements.length > 0 && made < LIMITS.actionsBlocks) blocks.push({ type: 'actions', elements });
}

/** Slack buttons cannot be disabled, so a settled choice row is drawn as text: ✅ right, ❌ picked wrong; empty when none is settled. */
function settledLine(buttons: readonly Button[]): string {
  const marks: string[] = [];
  for (const button of buttons) {
    if (!button.disabled) continue;
    const label = plainMrkdwn(button.label);
    marks.push(button.style === 'success' ? `✅ *${label}*` : button.style === 'danger' ? `❌ ~${label}~` : label);
  }
  return marks.join('   ');
}

/** What a notification shows: the title and the first thing said (or the first field when there is no text). */
function fallbackText(reply: Reply): string {
  const field = reply.fields?.[0];
  const first = reply.sections.find((text) => text.trim() !== '') ?? (field ? `${field.name}: ${field.value}` : reply.footer);
  // Mrkdwn where a client shows it instead of the blocks, so user text is kept from formatting here too.
  const text = reply.title && first ? `${plainMrkdwn(reply.title)}\n${plainMrkdwn(first)}` : plainMrkdwn(reply.title || first || '');
  return clip(text || ' ', LIMITS.fallbackText);
}

// Loops rather than map/filter chains: this runs for every answer, inside the ack's time budget.
export function renderMessage(reply: Reply): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (reply.title) blocks.push(header(reply.title));
  for (const text of reply.sections) if (text.trim() !== '') blocks.push(section(text));
  if (reply.fields) fieldBlocks(reply.fields, blocks);
  const tail: KnownBlock[] = [];
  const settled = reply.buttons ? settledLine(reply.buttons) : '';
  if (settled) tail.push(context(settled));
  if (reply.footer) tail.push(context(toMrkdwn(reply.footer)));
  if (reply.buttons) actionBlocks(reply.buttons, tail);
  // Over the block limit, the body gives way: the title, the footer and the buttons are what a reader acts on.
  const room = LIMITS.blocks - tail.length;
  if (blocks.length > room) {
    blocks.length = Math.max(0, room - 1);
    blocks.push(context('…'));
  }
  for (const block of tail) blocks.push(block);
  return { text: fallbackText(reply), blocks };
}

/** Rendered answers of frozen (reused) replies: the same `/define kubelet` is rendered once. */
const renderedFrozen = new WeakMap<Reply, CommandResponse>();

/** The body of a slash command answer (the ack payload or a response_url post). */
export function commandResponse(reply: Reply): CommandResponse {
  const known = renderedFrozen.get(reply);
  if (known) return known;
  const response: CommandResponse = { response_type: reply.visibility === 'requester' ? 'ephemeral' : 'in_channel', ...renderMessage(reply) };
  if (Object.isFrozen(reply)) renderedFrozen.set(reply, Object.freeze(response));
  return response;
}
