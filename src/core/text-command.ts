import { type Command, optionsOf } from './command.ts';
import { UserError } from './errors.ts';
import { userText } from './reply.ts';
import type { OptionValue } from './request.ts';

export const MAX_INPUT_LENGTH = 2000;

export interface ParsedText {
  command: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
}

/** Drops control characters (keeps ordinary spaces) so they can neither break rendering nor hide in a lookup. */
export function cleanInput(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[\t\n\r]+/g, ' ');
}

/** Parses a whole typed line such as `/define kubelet` or `/quiz subscribe` (the console). */
export function parseCommandLine(line: string, commands: readonly Command[]): ParsedText {
  const text = cleanInput(line).trim();
  if (!text) throw new UserError('error.empty');
  if (text.length > MAX_INPUT_LENGTH) throw new UserError('error.tooLong', { length: text.length, max: MAX_INPUT_LENGTH });
  if (!text.startsWith('/')) throw new UserError('error.notCommand');
  const match = /^\/(\S*)\s*(.*)$/s.exec(text)!;
  const name = match[1]!.toLowerCase();
  if (!name) throw new UserError('error.notCommand');
  return parseArguments(name, match[2] ?? '', commands);
}

/**
 * Parses the text after a command name (Slack gives the name and the text apart).
 * A command's subcommand is the first word; a string option takes the rest of the
 * text, so `/define kubectl exec` looks up "kubectl exec".
 */
export function parseArguments(commandName: string, rawText: string, commands: readonly Command[]): ParsedText {
  const name = commandName.replace(/^\//, '').toLowerCase();
  const text = cleanInput(rawText).trim();
  if (text.length > MAX_INPUT_LENGTH) throw new UserError('error.tooLong', { length: text.length, max: MAX_INPUT_LENGTH });
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw new UserError('error.unknownCommand', { command: userText(name.slice(0, 40)) });
  let rest = text;
  const parsed: ParsedText = { command: name, options: {} };
  if (command.subcommands) {
    const [first = '', ...others] = rest.split(/\s+/);
    if (first) {
      parsed.subcommand = first.toLowerCase();
      rest = others.join(' ');
    }
  }
  const options = optionsOf(command, parsed.subcommand);
  if (!rest) return parsed;
  if (command.parseText && !command.subcommands) {
    parsed.options = command.parseText(rest);
    return parsed;
  }
  const switches = options.filter((option) => option.type === 'boolean');
  if (switches.length > 0) return withSwitches(parsed, rest, switches.map((option) => option.name));
  const stringOption = options.find((option) => option.type === 'string');
  const userOption = options.find((option) => option.type === 'user');
  if (userOption) {
    const user = parseUserMention(rest);
    if (user) parsed.options[userOption.name] = user;
    return parsed;
  }
  if (stringOption) parsed.options[stringOption.name] = unquote(rest);
  return parsed;
}

/**
 * Typed switches are words: `/quiz dashboard reset` sets `reset`. A word that is none of them
 * is refused rather than dropped, since a mistyped `reset` would otherwise quietly keep the old link.
 */
function withSwitches(parsed: ParsedText, rest: string, names: string[]): ParsedText {
  for (const word of rest.split(/\s+/)) {
    const name = word.toLowerCase();
    if (!names.includes(name)) throw new UserError('error.unknownSwitch', { word: userText(word.slice(0, 40)), choices: names.map((n) => `\`${n}\``).join(', ') });
    parsed.options[name] = true;
  }
  return parsed;
}

function unquote(text: string): string {
  const quotes = (text.match(/["“”]/g) ?? []).length;
  if (quotes % 2 === 1) throw new UserError('error.badQuotes');
  return text.replace(/["“”]/g, '').trim();
}

/** `<@U123|name>` (Slack), `<@123>` (Discord), or `@name` typed by hand. */
export function parseUserMention(text: string): { userId: string; displayName?: string } | undefined {
  const token = text.trim().split(/\s+/)[0] ?? '';
  const tagged = /^<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>$/.exec(token);
  if (tagged) return tagged[2] ? { userId: tagged[1]!, displayName: tagged[2] } : { userId: tagged[1]! };
  const plain = /^@?([\w.-]{1,80})$/.exec(token);
  return plain ? { userId: plain[1]!, displayName: plain[1]! } : undefined;
}
