// The one list of the editor's commands. Everything else is derived from it: the desktop menu (electron/menu.ts),
// the keyboard shortcuts and the top bar (renderer/commands/), the menu ids the IPC contract accepts
// (shared/ipc/contract.ts), and the runner's handler map (renderer/commands/run.ts), which the compiler checks
// has exactly one handler per id here. Adding a command: an entry here and its handler there.

/** Where a command stands in the desktop menu: which menu, and which section (sections are separated, in order). */
export interface MenuPlacement {
  readonly menu: 'file' | 'edit';
  readonly section: number;
}

/** The top bar's button groups, left to right. */
export const TOOLBAR_GROUPS = ['file', 'history', 'view'] as const;
export type ToolbarGroup = (typeof TOOLBAR_GROUPS)[number];

export interface ToolbarPlacement {
  readonly group: ToolbarGroup;
  /** The button's text when it is shorter than the label (default: the label without its '…'). */
  readonly text?: string;
  readonly icon?: string;
}

/** Conditions the renderer evaluates on its state (renderer/commands/enabled.ts); the menu always offers its items. */
export type EnabledWhen = 'canUndo' | 'canRedo' | 'hasNodes';

export interface CommandSpec {
  /** The name in menus, tooltips and failure notices ('Open…': the dots say a dialog follows). */
  readonly label: string;
  /** Key chords, first one shown: 'Mod+Shift+Z' (Mod = Cmd on macOS, Ctrl elsewhere). */
  readonly keys?: readonly string[];
  /** Chords on macOS where they differ from `keys`. */
  readonly macKeys?: readonly string[];
  /** The chords work even while typing in a text field (file commands); editing commands leave the field its own keys. */
  readonly global?: boolean;
  readonly menu?: MenuPlacement;
  readonly toolbar?: ToolbarPlacement;
  readonly enabledWhen?: EnabledWhen;
}

export const COMMANDS = {
  new: { label: 'New', keys: ['Mod+N'], global: true, menu: { menu: 'file', section: 0 }, toolbar: { group: 'file' } },
  open: {
    label: 'Open\u2026',
    keys: ['Mod+O'],
    global: true,
    menu: { menu: 'file', section: 0 },
    toolbar: { group: 'file' },
  },
  save: {
    label: 'Save',
    keys: ['Mod+S'],
    global: true,
    menu: { menu: 'file', section: 1 },
    toolbar: { group: 'file' },
  },
  saveAs: {
    label: 'Save As\u2026',
    keys: ['Mod+Shift+S'],
    global: true,
    menu: { menu: 'file', section: 1 },
    toolbar: { group: 'file' },
  },
  exportModel: { label: 'Export\u2026', menu: { menu: 'file', section: 2 } },
  undo: {
    label: 'Undo',
    keys: ['Mod+Z'],
    menu: { menu: 'edit', section: 0 },
    toolbar: { group: 'history', icon: '↶' },
    enabledWhen: 'canUndo',
  },
  redo: {
    label: 'Redo',
    keys: ['Mod+Shift+Z', 'Mod+Y'],
    menu: { menu: 'edit', section: 0 },
    toolbar: { group: 'history', icon: '↷' },
    enabledWhen: 'canRedo',
  },
  delete: { label: 'Delete', keys: ['Delete', 'Backspace'] },
  copy: { label: 'Copy', keys: ['Mod+C'] },
  paste: { label: 'Paste', keys: ['Mod+V'] },
  duplicate: { label: 'Duplicate', keys: ['Mod+D'] },
  selectAll: { label: 'Select all', keys: ['Mod+A'] },
  layout: {
    label: 'Auto-layout',
    keys: ['Mod+Shift+L'],
    toolbar: { group: 'view', text: 'Layout' },
    enabledWhen: 'hasNodes',
  },
  fit: {
    label: 'Zoom to fit',
    keys: ['Shift+1', '0'],
    toolbar: { group: 'view', text: 'Fit' },
    enabledWhen: 'hasNodes',
  },
  // '+' is Shift+= on most keyboards (a symbol's chord leaves out the Shift that typed it), '=' the key unshifted.
  zoomIn: { label: 'Zoom in', keys: ['+', '='] },
  zoomOut: { label: 'Zoom out', keys: ['-'] },
  layoutDirection: {
    label: 'Switch layout direction (top to bottom / left to right)',
    toolbar: { group: 'view', text: 'Direction' },
    enabledWhen: 'hasNodes',
  },
  findLayer: { label: 'Find a layer', keys: ['Mod+K', '/'] },
  goToLayer: { label: 'Go to layer\u2026', keys: ['Mod+F', 'Mod+P'], global: true, enabledWhen: 'hasNodes' },
  groupSelection: { label: 'Group selection', keys: ['Mod+G'], menu: { menu: 'edit', section: 1 } },
  ungroup: { label: 'Ungroup', keys: ['Mod+Shift+G'], menu: { menu: 'edit', section: 1 } },
  toggleGroup: { label: 'Collapse/expand group', keys: ['Mod+E'], menu: { menu: 'edit', section: 1 } },
  escape: { label: 'Clear selection', keys: ['Escape'] },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

/** The ids with a place in the desktop menu: the only commands main may send the page. */
export type MenuCommandId = {
  [K in CommandId]: (typeof COMMANDS)[K] extends { readonly menu: MenuPlacement } ? K : never;
}[CommandId];

export const COMMAND_IDS = Object.keys(COMMANDS) as readonly CommandId[];

export const MENU_COMMAND_IDS: readonly MenuCommandId[] = COMMAND_IDS.filter(
  (id): id is MenuCommandId => 'menu' in COMMANDS[id],
);

export const commandSpec = (id: CommandId): CommandSpec => COMMANDS[id];

/** The name without the dialog's dots, for buttons and notices: 'Open'. */
export const plainLabel = (id: CommandId): string => COMMANDS[id].label.replace(/\u2026$/, '');

/** The chords that run a command on this platform, the one to show first. */
export function chordsOf(id: CommandId, isMac: boolean): readonly string[] {
  const spec = commandSpec(id);
  return (isMac ? spec.macKeys : undefined) ?? spec.keys ?? [];
}

/** The commands of one menu, in their sections (table order within a section). */
export function menuSections(menu: MenuPlacement['menu']): MenuCommandId[][] {
  const sections = new Map<number, MenuCommandId[]>();
  for (const id of MENU_COMMAND_IDS) {
    const place = commandSpec(id).menu!;
    if (place.menu !== menu) continue;
    sections.set(place.section, [...(sections.get(place.section) ?? []), id]);
  }
  return [...sections.entries()].sort((a, b) => a[0] - b[0]).map(([, ids]) => ids);
}

/** The top bar's commands in one group, in table order. */
export const toolbarCommands = (group: ToolbarGroup): CommandId[] =>
  COMMAND_IDS.filter((id) => commandSpec(id).toolbar?.group === group);

/** A chord as an Electron accelerator: 'Mod+Shift+S' -> 'Shift+CmdOrCtrl+S'. */
export function acceleratorOf(chord: string): string {
  const parts = chord.split('+');
  const key = parts.pop()!;
  const order = ['Shift', 'Alt', 'Mod'];
  const mods = parts.sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((m) => (m === 'Mod' ? 'CmdOrCtrl' : m));
  return [...mods, key].join('+');
}
