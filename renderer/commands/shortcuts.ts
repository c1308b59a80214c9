// Keyboard shortcuts: the chords of the command table (shared/commands/commands.ts), matched against key events.
// Pure, so it is tested without a DOM; useShortcuts.ts installs the listener.
import { chordsOf, COMMAND_IDS, commandSpec, type CommandId } from '../../shared/commands/commands';

export type { CommandId };

export interface Shortcut {
  readonly id: CommandId;
  readonly label: string;
  /** Chords like 'Mod+Shift+Z' (Mod = Cmd on macOS, Ctrl elsewhere). */
  readonly keys: readonly string[];
  /** Runs even while typing in a text field (file commands); editing commands leave the field its own undo. */
  readonly global?: boolean;
}

/** Every command with chords on this platform, in table order. */
export function shortcutsFor(isMac: boolean): readonly Shortcut[] {
  return COMMAND_IDS.flatMap((id) => {
    const keys = chordsOf(id, isMac);
    const { label, global } = commandSpec(id);
    return keys.length ? [{ id, label, keys, global }] : [];
  });
}

const BY_PLATFORM = { mac: shortcutsFor(true), other: shortcutsFor(false) };
const shortcuts = (isMac: boolean) => (isMac ? BY_PLATFORM.mac : BY_PLATFORM.other);

/** The shortcuts off macOS (on macOS they differ only where a command has `macKeys`). */
export const SHORTCUTS: readonly Shortcut[] = BY_PLATFORM.other;

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
  // Shift changes the key ('!' for 1, 'Z' for z): use the physical key for letters and digits.
  let key = e.key;
  let shift = e.shiftKey;
  if (e.code && /^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (e.code && /^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (key.length === 1 && key.toUpperCase() === key.toLowerCase() && !/\s/.test(key)) {
    // A symbol ('+', '_') is what Shift typed on this layout: the chord is the symbol alone.
    shift = false;
  } else if (key.length === 1) key = key.toUpperCase();
  if (shift) parts.push('Shift');
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
  for (const s of shortcuts(isMac)) {
    if (!s.keys.includes(chord)) continue;
    if (typing && !s.global) return null;
    return s;
  }
  return null;
}

export function shortcutHint(id: CommandId, isMac: boolean): string {
  const chord = chordsOf(id, isMac)[0];
  return chord ? chordLabel(chord, isMac) : '';
}

export const IS_MAC =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
