import { type Button, type Field, plainText, type Reply } from '../../core/reply.ts';

const RULE = '─'.repeat(40);

/** A reply as readable plain text; buttons appear as `[label]`. */
export function renderConsole(reply: Reply): string {
  const lines: string[] = [RULE];
  if (reply.title) lines.push(plainText(reply.title), '');
  for (const section of reply.sections) lines.push(plainText(section));
  for (const field of reply.fields ?? []) lines.push(...renderField(field));
  if (reply.footer) lines.push('', plainText(reply.footer));
  const buttons = reply.buttons ?? [];
  if (buttons.length > 0) lines.push('', buttons.map(renderButton).join(' '));
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
  const lines = field.value.split('\n');
  if (lines.length > 1) return [name, ...lines.map((line) => `  ${plainText(line.replace(CODE_LABEL, '`$1` — $2'))}`)];
  return [`${name}${CODE_ONLY.test(field.name.trim()) ? ' — ' : ': '}${plainText(field.value)}`];
}

function renderButton(button: Button): string {
  const mark = button.disabled ? (button.style === 'success' ? '✓' : button.style === 'danger' ? '✗' : '') : '';
  return button.disabled ? `(${button.label}${mark})` : `[${button.label}]`;
}

/** The enabled button whose label is exactly the typed line (case and spaces aside). */
export function findButton(buttons: readonly Button[], line: string): Button | undefined {
  const wanted = line.trim().replace(/^\[|\]$/g, '').trim().toLowerCase();
  return buttons.find((button) => !button.disabled && button.label.trim().toLowerCase() === wanted);
}
