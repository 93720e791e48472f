/**
 * The platform-neutral reply. Commands return it; each adapter renders it
 * (Discord embed + components, Slack Block Kit, console text).
 *
 * Text uses a tiny markup every renderer understands: **bold** and `code`.
 */
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

/** Strips the neutral markup for plain-text renderers. */
export function plainText(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/gs, '$1').replace(/`([^`]+)`/g, '$1');
}
