import { describe, expect, it } from 'vitest';
import { isMenuEvent, MENU_COMMANDS } from '../ipc/contract';
import {
  acceleratorOf,
  chordsOf,
  COMMAND_IDS,
  COMMANDS,
  menuSections,
  TOOLBAR_GROUPS,
  toolbarCommands,
} from './commands';

describe('the command table', () => {
  it('binds no chord twice on either platform', () => {
    for (const isMac of [false, true]) {
      const all = COMMAND_IDS.flatMap((id) => chordsOf(id, isMac));
      expect(
        all.filter((c, i) => all.indexOf(c) !== i),
        isMac ? 'macOS' : 'Linux/Windows',
      ).toEqual([]);
    }
  });

  it('gives the IPC contract exactly the ids with a menu place, and it accepts no others from main', () => {
    expect([...MENU_COMMANDS].sort()).toEqual(COMMAND_IDS.filter((id) => 'menu' in COMMANDS[id]).sort());
    for (const id of COMMAND_IDS) expect(isMenuEvent({ command: id }), id).toBe('menu' in COMMANDS[id]);
    expect(isMenuEvent({ command: 'delete' })).toBe(false); // a page-only command: main has no reason to send it
  });

  it('lists each menu and the top bar from their places in the table', () => {
    expect(menuSections('file')).toEqual([['new', 'open'], ['save', 'saveAs'], ['exportModel']]);
    expect(menuSections('edit')).toEqual([
      ['undo', 'redo'],
      ['groupSelection', 'ungroup', 'toggleGroup'],
    ]);
    expect(TOOLBAR_GROUPS.map(toolbarCommands)).toEqual([
      ['new', 'open', 'save', 'saveAs'],
      ['undo', 'redo'],
      ['layout', 'fit', 'layoutDirection'],
    ]);
  });

  it('turns chords into Electron accelerators', () => {
    expect(acceleratorOf('Mod+S')).toBe('CmdOrCtrl+S');
    expect(acceleratorOf('Mod+Shift+Z')).toBe('Shift+CmdOrCtrl+Z');
    expect(acceleratorOf('Mod+Alt+Shift+K')).toBe('Shift+Alt+CmdOrCtrl+K');
    expect(acceleratorOf('Escape')).toBe('Escape');
  });
});
