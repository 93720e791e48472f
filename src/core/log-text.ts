/**
 * User text in a log line: one line (control characters would let a user forge
 * log lines in pretty output) and bounded, cut on code points so emoji survive.
 */
export function cutUserText(text: string, max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const points = Array.from(flat);
  if (points.length <= max) return flat;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}
