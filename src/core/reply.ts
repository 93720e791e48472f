/**
 * The platform-neutral reply. Commands return it; each adapter renders it
 * (Discord embed + components, Slack Block Kit, console text).
 *
 * Text uses a tiny markup every renderer understands: **bold**, `code`, and user text.
 * User text is whatever came from a user or a platform profile (a display name, a typed
 * term): a command marks it with `userText()` where it puts it into a reply, and every
 * renderer shows it as literal characters in its own markup (`renderText`), so a member
 * nicknamed `[Free Nitro](https://evil.example)` is a name, never a link.
 */
import { type Locale, t } from './i18n.ts';

export type Visibility = 'requester' | 'channel';
export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';
export type Tone = 'info' | 'success' | 'danger' | 'neutral';

export interface Button {
  label: string;
  /** Routes the press back to the core: `<command>.<action>`. */
  action: string;
  /** Everything the handler needs, so a press works after a restart and on any replica. */
  payload: string;
  style: ButtonStyle;
  disabled?: boolean;
  /**
   * A link: pressing it opens this address and nothing comes back to the bot (action and
   * payload are unused). Discord draws it as a link button, Slack as a button with `url`,
   * the console prints the address.
   */
  url?: string;
}

export function linkButton(label: string, url: string): Button {
  return { label, action: 'link', payload: '', style: 'secondary', url };
}

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Reply {
  visibility: Visibility;
  title?: string;
  sections: string[];
  fields?: Field[];
  footer?: string;
  tone?: Tone;
  buttons?: Button[];
}

/** A short reply only the requester sees: a refusal, a user error, a status line. */
export function notice(text: string): Reply {
  return { visibility: 'requester', sections: [text], tone: 'neutral' };
}

/**
 * The short apology for a failure the user cannot fix, only to the requester: the store's
 * when the store failed (it says to try again shortly), else the generic one.
 */
export function apology(locale: Locale, cause: 'store' | 'other' = 'other'): Reply {
  return { visibility: 'requester', sections: [t(locale, cause === 'store' ? 'error.store' : 'error.generic')], tone: 'danger' };
}

/** What a button press produces: a reply to the presser and/or a new version of the pressed message. */
export interface ActionOutcome {
  reply?: Reply;
  update?: Reply;
  /** Set when the press stored a new answer to a daily round (a first press), for the metrics. */
  answerRecorded?: boolean;
}

/** Maximum length of `action|payload` so every platform can carry it in a button id (Discord: 100). */
export const MAX_BUTTON_ID_LENGTH = 100;

export function encodeButtonId(button: Pick<Button, 'action' | 'payload'>): string {
  const id = `${button.action}|${button.payload}`;
  if (id.length > MAX_BUTTON_ID_LENGTH) {
    throw new Error(`button id too long (${id.length}): ${id.slice(0, 40)}…`);
  }
  return id;
}

export function decodeButtonId(id: string): { action: string; payload: string } | undefined {
  const bar = id.indexOf('|');
  if (bar <= 0) return undefined;
  return { action: id.slice(0, bar), payload: id.slice(bar + 1) };
}

// User text travels inside ordinary strings (through `t()` and template literals) between two
// Unicode noncharacters, which are reserved for a program's internal use: no keyboard types
// them and no platform draws them. While a renderer converts the bot's own markup, each user
// segment waits as a numbered slot between two more noncharacters, so nothing a user typed
// can open or close the bot's bold.
const OPEN = '\ufdd0';
const CLOSE = '\ufdd1';
const SLOT_OPEN = '\ufdd2';
const SLOT_CLOSE = '\ufdd3';
const MARKS = /[\ufdd0-\ufdd3]/g;
const ANY_MARK = /[\ufdd0-\ufdd3]/;
const SEGMENT = /\ufdd0([^\ufdd0-\ufdd3]*)\ufdd1/g;
const SLOT = /\ufdd2(\d+)\ufdd3/g;

/** Marks text that came from a user or a platform profile, for every renderer to show literally. */
export function userText(value: string): string {
  return `${OPEN}${value.replace(MARKS, '')}${CLOSE}`;
}

/** True for the characters that stand for a user segment in the text a `markup` function sees. */
export function isUserSlot(char: string): boolean {
  return char === SLOT_OPEN || char === SLOT_CLOSE;
}

/**
 * Neutral text in one platform's markup: `markup` converts the bot's own markup, with every
 * user segment standing in as an inert slot, then `literal` writes each user segment so that
 * the platform shows its characters as they are. `inCode` says the segment sits inside a code
 * span, where most markups take no escapes. Stray marks are dropped.
 */
export function renderText(text: string, markup: (own: string) => string, literal: (user: string, inCode: boolean) => string): string {
  // Most text has no user segment; one test keeps rendering as cheap as before for it.
  if (!ANY_MARK.test(text)) return markup(text);
  const users: string[] = [];
  let own = '';
  let last = 0;
  for (const match of text.matchAll(SEGMENT)) {
    own += `${text.slice(last, match.index).replace(MARKS, '')}${SLOT_OPEN}${users.push(match[1]!) - 1}${SLOT_CLOSE}`;
    last = match.index + match[0].length;
  }
  own += text.slice(last).replace(MARKS, '');
  const rendered = markup(own);
  return rendered.replace(SLOT, (_slot, index: string, offset: number) => literal(users[Number(index)] ?? '', insideCode(rendered, offset)));
}

/** An odd number of backticks before a position puts it inside a code span (inline or block). */
function insideCode(text: string, offset: number): boolean {
  let ticks = 0;
  for (let i = text.indexOf('`'); i !== -1 && i < offset; i = text.indexOf('`', i + 1)) ticks += 1;
  return ticks % 2 === 1;
}

/** The bot's own markup dropped, for a `markup` function that wants plain text. */
export function stripMarkup(text: string): string {
  return text.includes('*') || text.includes('`') ? text.replace(/\*\*(.+?)\*\*/gs, '$1').replace(/`([^`]+)`/g, '$1') : text;
}

/** Neutral text as plain text (console, and the places a platform draws no markup): the markup dropped, user text as typed. */
export function plainText(text: string): string {
  return renderText(text, stripMarkup, (user) => user);
}
