/**
 * Oracles for "did this text turn into markup": each lists the constructs a platform would
 * draw as more than literal characters. They are deliberately eager (a lone `*` counts as a
 * formatting marker whether or not a partner would close it), so a test compares the list for a
 * reply carrying hostile user text with the list for the same reply carrying a harmless name:
 * any difference is markup the user text brought in, or markup of ours it broke.
 */

const DISCORD_BLOCK = /^[ \t]*(#{1,3} |-# |>>> |> |[-*+] |\d+\. )/;
const DISCORD_INLINE: Array<[string, RegExp]> = [
  ['mention', /^<(@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(:[a-zA-Z])?|\/[\w -]+:\d+|id:\w+)>/],
  ['link', /^<?https?:\/\/[^\s<]+/],
  ['link', /^\[[^\]]*\]\([^)]*\)/],
  ['mention', /^@(everyone|here)/],
  ['format', /^(\*\*|\*|__|_|~~|\|\|)/],
];

/**
 * Discord markdown read the way its parser (simple-markdown) reads it: a backslash before a
 * symbol is that symbol, a code span hides everything in it, headings, subtext, quotes and
 * lists only count at the start of a line.
 */
export function discordMarkup(text: string): string[] {
  const found: string[] = [];
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (lineStart) {
      const block = DISCORD_BLOCK.exec(rest);
      if (block) found.push(`block ${block[1]!.trim()}`);
      lineStart = false;
    }
    const char = text[i]!;
    if (char === '\n') {
      lineStart = true;
      i += 1;
      continue;
    }
    if (char === '\\' && /[^0-9A-Za-z\s]/.test(text[i + 1] ?? 'a')) {
      i += 2;
      continue;
    }
    if (char === '`') {
      const code = /^(`{1,3})[\s\S]*?\1/.exec(rest);
      found.push(code ? 'code' : 'format `');
      i += code ? code[0].length : 1;
      continue;
    }
    const inline = DISCORD_INLINE.find(([, pattern]) => pattern.test(rest));
    if (inline) {
      found.push(inline[0]);
      i += rest.match(inline[1])![0].length;
      continue;
    }
    i += 1;
  }
  return found;
}

/**
 * Slack mrkdwn: every formatting character (Slack also formats with the fullwidth forms), any
 * raw `<` or `>` (links, mentions, dates), an `&` that is not one of the three entities, and a
 * quote marker at the start of a line.
 */
export function slackMarkup(mrkdwn: string): string[] {
  const found: string[] = [];
  for (const line of mrkdwn.split('\n')) {
    if (/^\s*(&gt;|>|\uff1e)/.test(line)) found.push('quote');
    for (let i = 0; i < line.length; i += 1) {
      const char = line[i]!;
      if ('*_~`\uff0a\uff3f\uff40'.includes(char)) found.push(`format ${char}`);
      else if (char === '<' || char === '>') found.push('control');
      else if (char === '&' && !/^&(amp|lt|gt);/.test(line.slice(i))) found.push('entity');
    }
  }
  return found;
}
