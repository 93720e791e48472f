/**
 * How a term is compared wherever it is compared: the content checks (duplicate spellings,
 * alike choices) and the glossary search must agree, so both read this one function.
 */

/** Case-, space- and hyphen-insensitive, NFC-normalised. */
export function normalizeTerm(value: string): string {
  return value.normalize('NFC').toLowerCase().replace(/[\s\-_./·`'"]+/g, '');
}
