// The app's locales: a leaf module (no imports), so the IPC contract can validate a locale without loading the
// catalogues.
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
/** Each locale's name in its own language, for the language menu. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };
/** Short names for the top bar's select (the full name is its tooltip): the bar is full at 1024 px. */
export const LOCALE_SHORT: Readonly<Record<Locale, string>> = { en: 'EN', 'zh-CN': '中文' };

export const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
