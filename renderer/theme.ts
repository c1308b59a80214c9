// Light and dark themes. The choice (system, light or dark) is remembered in localStorage; "system" follows the
// operating system's prefers-color-scheme and changes with it. The resolved theme is set as data-theme on <html>,
// which styles.css reads (the colour variables) along with color-scheme (form controls, scroll bars).
import { useSyncExternalStore } from 'react';

export type ThemePref = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_PREFS: readonly ThemePref[] = ['system', 'light', 'dark'];
export const THEME_KEY = 'cnn-designer:theme';

/** A stored choice, or 'system' for anything else (nothing stored, an old or garbled value). */
export function parseThemePref(value: unknown): ThemePref {
  return THEME_PREFS.includes(value as ThemePref) ? (value as ThemePref) : 'system';
}

export function resolveTheme(pref: ThemePref, systemDark: boolean): Theme {
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
}

const listeners = new Set<() => void>();
let pref: ThemePref = 'system';
const media =
  typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function readStored(): ThemePref {
  try {
    return parseThemePref(window.localStorage.getItem(THEME_KEY));
  } catch {
    return 'system';
  }
}

function apply() {
  if (typeof document === 'undefined') return;
  const theme = resolveTheme(pref, media?.matches ?? false);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  for (const l of listeners) l();
}

/** Reads the stored choice and applies it; call once before the first render (no flash of the wrong theme). */
export function initTheme(): void {
  if (typeof window === 'undefined') return;
  pref = readStored();
  media?.addEventListener('change', apply);
  apply();
}

export function setThemePref(next: ThemePref): void {
  pref = next;
  try {
    window.localStorage.setItem(THEME_KEY, next);
  } catch {
    // Not remembered where storage is refused; the choice still applies to this page.
  }
  apply();
}

const getPref = () => pref;
const getTheme = () => resolveTheme(pref, media?.matches ?? false);
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

/** The stored choice and the theme in effect, re-rendering when either changes. */
export function useTheme(): { pref: ThemePref; theme: Theme } {
  const p = useSyncExternalStore(subscribe, getPref, getPref);
  const theme = useSyncExternalStore(subscribe, getTheme, getTheme);
  return { pref: p, theme };
}
