/**
 * The neutral Reply as a Discord message body: one embed and rows of buttons.
 * Pure: no client, no I/O.
 *
 * The neutral markup (**bold**, `code`) is Discord markdown already; user text is
 * escaped so Discord draws it as typed. Nothing is sent as message content and every
 * body carries `allowed_mentions: {parse: []}`, so no text, whoever typed it, can ping
 * anyone.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIButtonComponentWithURL,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import { type Button, encodeButtonId, type ButtonStyle as NeutralStyle, plainText, type Reply, renderText, type Tone } from '../../core/reply.ts';

/** Discord's documented message limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  buttons: 25,
  label: 80,
  customId: 100,
} as const;

export const TONE_COLOURS: Record<Tone, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  danger: 0xed4245,
  neutral: 0x99aab5,
};

const STYLES: Record<NeutralStyle, APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Discord rejects empty embed fields; this is what it shows as nothing. */
const BLANK = '\u200b';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId | APIButtonComponentWithURL>;

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Ephemeral for "only the requester"; only meaningful when an interaction creates the message. */
  flags: number;
  allowed_mentions: { parse: [] };
}

/** Cuts to `max` characters with an ellipsis, never between the halves of a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(text[cut - 1] ?? '')) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** `@everyone` and `@here` stay readable but inert even if the text ever ends up outside an embed. */
export function defuse(text: string): string {
  return text.includes('@') ? text.replace(/@(everyone|here)/g, '@\u200b$1') : text;
}

/**
 * User text as Discord markdown that draws exactly what was typed. Discord reads a backslash
 * before any symbol as that symbol, so every character its markdown gives a meaning to is
 * escaped: formatting (`* _ ~ | \``), masked links (`[ ]`), mentions, emoji and timestamps
 * (`<`), quotes (`>`), headings and subtext (`#`), lists at the start of a line (`- + 1.`),
 * and the `:` of `://` so a URL is not linked. discord.js's escapeMarkdown is not enough for
 * this: it keeps links working on purpose (it skips `*` and `_` inside URLs, escapes only the
 * `[` of a masked link, so its `(https://…)` still links) and knows no subtext, quotes or mentions.
 */
export function escapeUserMarkdown(text: string, inCode = false): string {
  // Inside a code span nothing is markup and a backslash would show: only a backtick could end the span early.
  if (inCode) return text.replace(/`/g, '\u02cb');
  return text
    .replace(/[\\*_~|`<>[\]#]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/^(\s*)([-+])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

/** Neutral text as Discord markdown: the bot's own markup as it is, user text escaped. */
function markdown(text: string): string {
  return renderText(text, (own) => own, escapeUserMarkdown);
}

/** Markup dropped where Discord draws none (button labels, footers): user text shows as typed there. */
const plain = plainText;

function field(name: string, value: string, inline: boolean | undefined): APIEmbedField {
  const rendered: APIEmbedField = {
    name: clip(defuse(markdown(name)), LIMITS.fieldName) || BLANK,
    value: clip(defuse(markdown(value)), LIMITS.fieldValue) || BLANK,
  };
  if (inline) rendered.inline = true;
  return rendered;
}

function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  for (const item of embed.fields ?? []) total += item.name.length + item.value.length;
  return total;
}

export function renderEmbed(reply: Reply): APIEmbed {
  const embed: APIEmbed = { color: TONE_COLOURS[reply.tone ?? 'neutral'] };
  if (reply.title) embed.title = clip(defuse(markdown(reply.title)), LIMITS.title);
  const description = reply.sections
    .filter((section) => section.trim() !== '')
    .map(markdown)
    .join('\n\n');
  if (description) embed.description = clip(defuse(description), LIMITS.description);
  if (reply.fields?.length) embed.fields = reply.fields.slice(0, LIMITS.fields).map((item) => field(item.name, item.value, item.inline));
  // Footers are drawn without markdown, so the markup would show as asterisks.
  if (reply.footer) embed.footer = { text: clip(defuse(plain(reply.footer)), LIMITS.footer) };
  // Over the total, the later fields give way first, then the description: the title and footer are what a reader scans.
  while (embed.fields?.length && embedLength(embed) > LIMITS.embedTotal) embed.fields.pop();
  if (embed.fields?.length === 0) delete embed.fields;
  const excess = embedLength(embed) - LIMITS.embedTotal;
  if (excess > 0 && embed.description) embed.description = clip(embed.description, Math.max(1, embed.description.length - excess));
  if (!embed.title && !embed.description && !embed.fields && !embed.footer) embed.description = BLANK;
  return embed;
}

function renderButton(button: Button, customId: string): APIButtonComponentWithCustomId {
  const rendered: APIButtonComponentWithCustomId = {
    type: ComponentType.Button,
    style: STYLES[button.style],
    label: clip(plain(button.label), LIMITS.label) || BLANK,
    custom_id: customId,
  };
  if (button.disabled) rendered.disabled = true;
  return rendered;
}

/** A link button opens its address in the browser; Discord sends the bot no interaction for it. */
function renderLinkButton(button: Button & { url: string }): APIButtonComponentWithURL {
  return { type: ComponentType.Button, style: ButtonStyle.Link, label: clip(plain(button.label), LIMITS.label) || BLANK, url: button.url };
}

/** Buttons in rows of five, at most 25. Discord refuses a message where two buttons share an id, and both would do the same, so later twins are left out. */
export function renderComponents(buttons: readonly Button[] | undefined): ButtonRow[] {
  const rows: ButtonRow[] = [];
  if (!buttons?.length) return rows;
  const seen = new Set<string>();
  let row: Array<APIButtonComponentWithCustomId | APIButtonComponentWithURL> = [];
  for (const button of buttons) {
    const id = button.url === undefined ? encodeButtonId(button) : `url ${button.url}`;
    if (seen.has(id)) continue;
    seen.add(id);
    row.push(button.url === undefined ? renderButton(button, id) : renderLinkButton({ ...button, url: button.url }));
    if (row.length === LIMITS.buttonsPerRow) {
      rows.push({ type: ComponentType.ActionRow, components: row });
      row = [];
      if (rows.length === LIMITS.rows) return rows;
    }
  }
  if (row.length > 0) rows.push({ type: ComponentType.ActionRow, components: row });
  return rows;
}

/** Rendered messages of frozen (reused) replies: the same `/define kubelet` is rendered once, not on every answer. */
const renderedFrozen = new WeakMap<Reply, DiscordMessage>();

export function renderMessage(reply: Reply): DiscordMessage {
  const known = renderedFrozen.get(reply);
  if (known) return known;
  const message: DiscordMessage = {
    embeds: [renderEmbed(reply)],
    components: renderComponents(reply.buttons),
    flags: reply.visibility === 'requester' ? MessageFlags.Ephemeral : 0,
    allowed_mentions: { parse: [] },
  };
  if (Object.isFrozen(reply)) renderedFrozen.set(reply, Object.freeze(message));
  return message;
}
