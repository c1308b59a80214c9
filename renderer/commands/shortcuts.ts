// Keyboard shortcuts as data: which key chord runs which command. Pure, so the table is tested
// without a DOM; useShortcuts.ts installs the listener.

export type CommandId =
  | 'new' | 'open' | 'save' | 'saveAs'
  | 'undo' | 'redo' | 'delete' | 'copy' | 'paste' | 'duplicate' | 'selectAll'
  | 'layout' | 'fit' | 'findLayer' | 'escape';

export interface Shortcut {
  readonly id: CommandId;
  readonly label: string;
  /** Chords like 'Mod+Shift+Z' (Mod = Cmd on macOS, Ctrl elsewhere). */
  readonly keys: readonly string[];
  /** Runs even while typing in a text field (file commands); editing commands leave the field its own undo. */
  readonly global?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'new', label: 'New', keys: ['Mod+N'], global: true },
  { id: 'open', label: 'Open…', keys: ['Mod+O'], global: true },
  { id: 'save', label: 'Save', keys: ['Mod+S'], global: true },
  { id: 'saveAs', label: 'Save As…', keys: ['Mod+Shift+S'], global: true },
  { id: 'undo', label: 'Undo', keys: ['Mod+Z'] },
  { id: 'redo', label: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'] },
  { id: 'delete', label: 'Delete', keys: ['Delete', 'Backspace'] },
  { id: 'copy', label: 'Copy', keys: ['Mod+C'] },
  { id: 'paste', label: 'Paste', keys: ['Mod+V'] },
  { id: 'duplicate', label: 'Duplicate', keys: ['Mod+D'] },
  { id: 'selectAll', label: 'Select all', keys: ['Mod+A'] },
  { id: 'layout', label: 'Auto-layout', keys: ['Mod+Shift+L'] },
  { id: 'fit', label: 'Zoom to fit', keys: ['Shift+1'] },
  { id: 'findLayer', label: 'Find a layer', keys: ['Mod+K', '/'] },
  { id: 'escape', label: 'Clear selection', keys: ['Escape'] },
];

export interface KeyLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** The chord a key event spells, e.g. 'Mod+Shift+Z'. */
export function chordOf(e: KeyLike, isMac: boolean): string {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const parts: string[] = [];
  if (mod) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  // Shift changes the key ('!' for 1, 'Z' for z): use the physical key for letters and digits.
  let key = e.key;
  if (e.code && /^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (e.code && /^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (key.length === 1) key = key.toUpperCase();
  parts.push(key);
  return parts.join('+');
}

/** Label for a chord on this platform, for tooltips: 'Ctrl+Shift+Z' or '⌘⇧Z'. */
export function chordLabel(chord: string, isMac: boolean): string {
  if (!isMac) return chord.replace('Mod', 'Ctrl');
  return chord.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}

/** The shortcut a key event triggers; `typing` is true when focus is in a text field. */
export function matchShortcut(e: KeyLike, isMac: boolean, typing: boolean): Shortcut | null {
  const chord = chordOf(e, isMac);
  for (const s of SHORTCUTS) {
    if (!s.keys.includes(chord)) continue;
    if (typing && !s.global) return null;
    return s;
  }
  return null;
}

export function shortcutHint(id: CommandId, isMac: boolean): string {
  const s = SHORTCUTS.find((x) => x.id === id);
  return s ? chordLabel(s.keys[0], isMac) : '';
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
