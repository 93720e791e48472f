/** The languages the content is written in: every entry and question has its `ko` and `en` text. */
export type Locale = 'ko' | 'en';

export interface Localized {
  ko: string;
  en: string;
}
