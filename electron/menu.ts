// The application menu. Its command items come from the command table (shared/commands/commands.ts): each
// command with a menu place, its label and the accelerator from its first chord. Commands go to the renderer as
// MenuEvents (the renderer owns the document, undo history and export). Shortcuts are shown but not registered
// (registerAccelerator: false): the page handles its own keys the same way in the browser and the desktop app
// (renderer/commands/shortcuts.ts), so a key press never fires twice.
import type { MenuItemConstructorOptions } from 'electron';
import {
  acceleratorOf,
  chordsOf,
  COMMANDS,
  menuSections,
  type MenuCommandId,
  type MenuPlacement,
} from '../shared/commands/commands';
import type { MenuEvent, RecentEntry } from '../shared/ipc/contract';
import { APP_NAME } from '../shared/ipc/contract';

export interface MenuOptions {
  platform: NodeJS.Platform;
  recent: readonly RecentEntry[];
  send(event: MenuEvent): void;
}

export function buildMenuTemplate({ platform, recent, send }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const command = (id: MenuCommandId): MenuItemConstructorOptions => {
    const chord = chordsOf(id, isMac)[0];
    return {
      label: COMMANDS[id].label,
      ...(chord ? { accelerator: acceleratorOf(chord), registerAccelerator: false } : {}),
      click: () => send({ command: id }),
    };
  };
  const openRecent: MenuItemConstructorOptions[] = recent.length
    ? recent.map((e) => ({
        label: e.name,
        sublabel: e.path,
        toolTip: e.path,
        click: () => send({ command: 'openRecent', path: e.path }),
      }))
    : [{ label: 'No recent files', enabled: false }];
  // The table's commands of one menu, sections separated; Open Recent follows Open.
  const commands = (menu: MenuPlacement['menu']): MenuItemConstructorOptions[] =>
    menuSections(menu).flatMap((ids, i) => [
      ...(i ? [{ type: 'separator' } as const] : []),
      ...ids.flatMap((id) =>
        id === 'open' ? [command(id), { label: 'Open Recent', submenu: openRecent }] : [command(id)],
      ),
    ]);

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: APP_NAME,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [...commands('file'), ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const])],
    },
    {
      label: '&Edit',
      submenu: [
        ...commands('edit'),
        { type: 'separator' },
        // Native roles: text fields (and macOS shortcuts) need them.
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { type: 'separator' },
        { role: 'toggleDevTools' },
      ],
    },
  );
  if (isMac) template.push({ role: 'windowMenu' });
  return template;
}
