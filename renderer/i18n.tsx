// The renderer's language: one i18next instance (shared/i18n's catalogues) bound to React by react-i18next.
// The locale comes from what the user chose last (localStorage), else the browser's languages; the top bar's
// select changes it at once (no reload: the graph and the undo history stay) and the desktop menu follows
// (host.setLocale). Components call useT() for a typed translator of the current locale.
import { useMemo, useSyncExternalStore } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import {
  createI18n,
  detectLocale,
  isLocale,
  messageOf,
  translator,
  type Locale,
  type Translator,
} from '../shared/i18n';

export const LOCALE_KEY = 'cnn-designer.locale';

function stored(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_KEY);
  } catch {
    return null; // storage denied (privacy mode): fall back to the browser's language
  }
}

/** The locale to start in: the remembered choice, else the browser's preferred languages, else English. */
export function initialLocale(): Locale {
  const saved = stored();
  if (isLocale(saved)) return saved;
  const nav = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  return detectLocale(...nav);
}

/** The app's one i18next instance (react-i18next's default, so useTranslation needs no provider). */
export const appI18n = createI18n(initialLocale(), [initReactI18next]);
if (typeof document !== 'undefined') document.documentElement.lang = appI18n.language;

/** The current locale's translator; components re-render when the language changes. */
export function useT(): Translator {
  const { i18n } = useTranslation();
  const lng = (isLocale(i18n.language) ? i18n.language : 'en') as Locale;
  return useMemo(() => translator(lng, i18n), [lng, i18n]);
}

let cachedT: Translator | null = null;

/**
 * The translator for code outside components (notices, confirmations, the canvas's faces): the current locale's.
 * One object per locale, made once: building a translator costs an Intl formatter (~0.1 ms), and the canvas asks
 * for it for every node face on an edit.
 */
export function currentT(): Translator {
  const lng = isLocale(appI18n.language) ? appI18n.language : 'en';
  if (cachedT?.locale !== lng) cachedT = translator(lng, appI18n);
  return cachedT;
}

const onLanguage = (f: () => void) => {
  appI18n.on('languageChanged', f);
  return () => appI18n.off('languageChanged', f);
};

/**
 * useT() for components drawn hundreds of times (node faces, groups): the same translator, re-rendering on a
 * language change, without react-i18next's per-render bookkeeping (its snapshot check costs more than the
 * face's own render on a 1,000-node canvas).
 */
export function useFaceT(): Translator {
  return useSyncExternalStore(onLanguage, currentT);
}

/**
 * What went wrong, in the current language: an error built from a message (ExportError, ImportError, DataError...
 * given a key and params) is rendered from the catalogue; any other error's text is shown as it is.
 */
export function errorSays(e: unknown): string {
  return currentT().msg(messageOf(e));
}

const listeners = new Set<(l: Locale) => void>();
/** Called with the new locale after each change (the host passes it to the desktop menu). */
export function onLocaleChange(f: (l: Locale) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** Switch the language and remember it. */
export async function setLocale(locale: Locale): Promise<void> {
  await appI18n.changeLanguage(locale);
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // not remembered, but switched
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const f of listeners) f(locale);
}
