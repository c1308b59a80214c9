import { describe, expect, it } from 'vitest';
import { chordsOf, COMMAND_IDS, COMMANDS } from '../../shared/commands/commands';
import { chordLabel, chordOf, matchShortcut, shortcutHint, SHORTCUTS, type KeyLike } from './shortcuts';

const ev = (key: string, mods: Partial<KeyLike> = {}, code?: string): KeyLike => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('maps the chords users expect, Ctrl on Linux/Windows and Cmd on macOS', () => {
    expect(matchShortcut(ev('z', { ctrlKey: true }, 'KeyZ'), false, false)?.id).toBe('undo');
    expect(matchShortcut(ev('Z', { ctrlKey: true, shiftKey: true }, 'KeyZ'), false, false)?.id).toBe('redo');
    expect(matchShortcut(ev('y', { ctrlKey: true }, 'KeyY'), false, false)?.id).toBe('redo');
    expect(matchShortcut(ev('z', { metaKey: true }, 'KeyZ'), true, false)?.id).toBe('undo');
    expect(matchShortcut(ev('z', { ctrlKey: true }, 'KeyZ'), true, false)).toBeNull();
    for (const [k, id] of [
      ['c', 'copy'],
      ['v', 'paste'],
      ['d', 'duplicate'],
      ['s', 'save'],
      ['o', 'open'],
      ['n', 'new'],
      ['a', 'selectAll'],
    ] as const) {
      expect(matchShortcut(ev(k, { ctrlKey: true }, `Key${k.toUpperCase()}`), false, false)?.id).toBe(id);
    }
    expect(matchShortcut(ev('S', { ctrlKey: true, shiftKey: true }, 'KeyS'), false, false)?.id).toBe('saveAs');
    expect(matchShortcut(ev('Delete'), false, false)?.id).toBe('delete');
    expect(matchShortcut(ev('Backspace'), false, false)?.id).toBe('delete');
    expect(matchShortcut(ev('!', { shiftKey: true }, 'Digit1'), false, false)?.id).toBe('fit');
    expect(matchShortcut(ev('/', {}, 'Slash'), false, false)?.id).toBe('findLayer');
  });

  it('leaves text fields their own keys, except the file commands', () => {
    expect(matchShortcut(ev('z', { ctrlKey: true }, 'KeyZ'), false, true)).toBeNull();
    expect(matchShortcut(ev('Backspace'), false, true)).toBeNull();
    expect(matchShortcut(ev('s', { ctrlKey: true }, 'KeyS'), false, true)?.id).toBe('save');
  });

  it('has no chord bound twice and labels chords per platform', () => {
    const all = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(all).size).toBe(all.length);
    expect(chordOf(ev('a', { ctrlKey: true, altKey: true }, 'KeyA'), false)).toBe('Mod+Alt+A');
    expect(chordLabel('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(chordLabel('Mod+Shift+Z', true)).toBe('⌘⇧Z');
  });
});

/** The key event a person makes for a chord of the table. */
function pressFor(chord: string, isMac: boolean): KeyLike {
  // 'Mod++' or '+': the last '+' is the key itself.
  const plus = chord.endsWith('+');
  const parts = (plus ? chord.slice(0, -1) : chord).split('+').filter(Boolean);
  const key = plus ? '+' : parts.pop()!;
  const mod = parts.includes('Mod');
  const code = /^[A-Z]$/.test(key) ? `Key${key}` : /^[0-9]$/.test(key) ? `Digit${key}` : undefined;
  return ev(
    key.length === 1 ? key.toLowerCase() : key,
    { ctrlKey: mod && !isMac, metaKey: mod && isMac, altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') },
    code,
  );
}

describe('shortcuts from the command table', () => {
  it('every chord of every command runs that command, on both platforms', () => {
    for (const isMac of [false, true]) {
      for (const id of COMMAND_IDS) {
        for (const chord of chordsOf(id, isMac))
          expect(
            matchShortcut(pressFor(chord, isMac), isMac, false)?.id,
            `${chord} on ${isMac ? 'macOS' : 'Linux'}`,
          ).toBe(id);
      }
    }
  });

  it("a symbol typed with Shift is the symbol's chord: Shift and '=' give '+' (zoom in), '_' is not '-'", () => {
    expect(matchShortcut(ev('+', { shiftKey: true }, 'Equal'), false, false)?.id).toBe('zoomIn');
    expect(matchShortcut(ev('=', {}, 'Equal'), false, false)?.id).toBe('zoomIn');
    expect(matchShortcut(ev('-', {}, 'Minus'), false, false)?.id).toBe('zoomOut');
    expect(matchShortcut(ev('0', {}, 'Digit0'), false, false)?.id).toBe('fit');
    expect(matchShortcut(ev('-', {}, 'Minus'), false, true)).toBeNull();
  });

  it("lists exactly the commands that have chords, with the table's labels, and hints their first chord", () => {
    expect(SHORTCUTS.map((s) => s.id)).toEqual(COMMAND_IDS.filter((id) => chordsOf(id, false).length));
    for (const s of SHORTCUTS) expect(s.label).toBe(COMMANDS[s.id].label);
    expect(shortcutHint('redo', false)).toBe('Ctrl+Shift+Z');
    expect(shortcutHint('exportModel', false)).toBe('');
  });
});
