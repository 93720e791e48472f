import { type Button, type Field, plainText, type Reply, renderText, stripMarkup } from '../../core/reply.ts';

const RULE = '─'.repeat(40);

/** A reply as readable plain text; buttons appear as `[label]`. */
export function renderConsole(reply: Reply): string {
  const lines: string[] = [RULE];
  if (reply.title) lines.push(plainText(reply.title), '');
  for (const section of reply.sections) lines.push(plainText(section));
  for (const field of reply.fields ?? []) lines.push(...renderField(field));
  if (reply.footer) lines.push('', plainText(reply.footer));
  const buttons = (reply.buttons ?? []).filter((button) => button.url === undefined);
  if (buttons.length > 0) lines.push('', buttons.map(renderButton).join(' '));
  // A terminal cannot press a link; it shows the address, which most terminals make clickable.
  for (const link of reply.buttons ?? []) if (link.url !== undefined) lines.push(`${plainText(link.label)}: ${link.url}`);
  return `${lines.join('\n')}\n`;
}

const CODE_ONLY = /^`[^`]+`$/;
const CODE_LABEL = /^`([^`]+)`\s+(.+)$/;

/**
 * Discord and Slack set a field's name apart with bold and its code spans in monospace;
 * plain text has neither, so the layout does it: a value of several lines goes indented
 * under its name, with a line that a code span labels (`practice` in help) written
 * `practice — …`; a one-line field named by a code span (a usage) is `/help — …`.
 */
function renderField(field: Field): string[] {
  const name = plainText(field.name);
  // The layout reads our own markup only: user text (a name with backticks or a line break) never changes it.
  if (shapeOf(field.value).includes('\n')) return [name, renderText(field.value, indentLines, (user) => user)];
  return [`${name}${CODE_ONLY.test(shapeOf(field.name).trim()) ? ' — ' : ': '}${plainText(field.value)}`];
}

function indentLines(own: string): string {
  return own
    .split('\n')
    .map((line) => `  ${stripMarkup(line.replace(CODE_LABEL, '`$1` — $2'))}`)
    .join('\n');
}

/** Our own markup with each piece of user text as one letter: what the layout may look at. */
function shapeOf(text: string): string {
  return renderText(text, (own) => own, () => 'x');
}

function renderButton(button: Button): string {
  const mark = button.disabled ? (button.style === 'success' ? '✓' : button.style === 'danger' ? '✗' : '') : '';
  const label = plainText(button.label);
  return button.disabled ? `(${label}${mark})` : `[${label}]`;
}

/** The enabled button whose label, as shown, is exactly the typed line (case and spaces aside). */
export function findButton(buttons: readonly Button[], line: string): Button | undefined {
  const wanted = line.trim().replace(/^\[|\]$/g, '').trim().toLowerCase();
  return buttons.find((button) => !button.disabled && button.url === undefined && plainText(button.label).trim().toLowerCase() === wanted);
}
