/**
 * The one message catalog: every user-facing string, in Korean (`messages-ko.ts`, which
 * defines the keys) and English (`messages-en.ts`). Keys are typed so a missing translation
 * is a compile error.
 */
import type { Locale } from '../content/languages.ts';

export type { Locale, Localized } from '../content/languages.ts';
import { en } from './messages-en.ts';
import { ko } from './messages-ko.ts';

export const LOCALES: readonly Locale[] = ['ko', 'en'];

export type MessageKey = keyof typeof ko;

const catalogs: Record<Locale, Record<MessageKey, string>> = { ko, en };

export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Maps a platform locale tag (`ko`, `ko-KR`, `en-US`) to ours; anything not Korean is English. */
export function toLocale(tag: string | undefined | null, fallback: Locale): Locale {
  if (!tag) return fallback;
  const lower = tag.toLowerCase();
  if (lower === 'ko' || lower.startsWith('ko-') || lower.startsWith('ko_')) return 'ko';
  return 'en';
}

