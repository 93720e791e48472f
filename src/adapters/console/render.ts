import { type Button, plainText, type Reply } from '../../core/reply.ts';

const RULE = '─'.repeat(40);

/** A reply as readable plain text; buttons appear as `[label]`. */
export function renderConsole(reply: Reply): string {
  const lines: string[] = [RULE];
  if (reply.title) lines.push(plainText(reply.title), '');
  for (const section of reply.sections) lines.push(plainText(section));
  for (const field of reply.fields ?? []) lines.push(`${plainText(field.name)}: ${plainText(field.value)}`);
  if (reply.footer) lines.push('', plainText(reply.footer));
  const buttons = reply.buttons ?? [];
  if (buttons.length > 0) lines.push('', buttons.map(renderButton).join(' '));
  return `${lines.join('\n')}\n`;
}

function renderButton(button: Button): string {
  const mark = button.disabled ? (button.style === 'success' ? '✓' : button.style === 'danger' ? '✗' : '') : '';
  const label = plainText(button.label);
  return button.disabled ? `(${label}${mark})` : `[${label}]`;
}

/** The enabled button whose label, as shown, is exactly the typed line (case and spaces aside). */
export function findButton(buttons: readonly Button[], line: string): Button | undefined {
  const wanted = line.trim().replace(/^\[|\]$/g, '').trim().toLowerCase();
  return buttons.find((button) => !button.disabled && plainText(button.label).trim().toLowerCase() === wanted);
}
