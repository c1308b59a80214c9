// The application menu. Commands go to the renderer as MenuEvents (the renderer owns the document,
// undo history and export). Shortcuts are shown but not registered (registerAccelerator: false):
// the page handles its own keys the same way in the browser and the desktop app
// (renderer/commands/shortcuts.ts), so a key press never fires twice. Keep the labels in step.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, MenuEvent, RecentEntry } from '../shared/ipc/contract';
import { APP_NAME } from '../shared/ipc/contract';

export interface MenuOptions {
  platform: NodeJS.Platform;
  recent: readonly RecentEntry[];
  send(event: MenuEvent): void;
}

export function buildMenuTemplate({ platform, recent, send }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => send({ command: cmd }),
  });
  const openRecent: MenuItemConstructorOptions[] = recent.length
    ? recent.map((e) => ({ label: e.name, sublabel: e.path, toolTip: e.path, click: () => send({ command: 'openRecent', path: e.path }) }))
    : [{ label: 'No recent files', enabled: false }];
  const isMac = platform === 'darwin';

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: APP_NAME,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        command('New', 'new', 'CmdOrCtrl+N'),
        command('Open\u2026', 'open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: openRecent },
        { type: 'separator' },
        command('Save', 'save', 'CmdOrCtrl+S'),
        command('Save As\u2026', 'saveAs', 'Shift+CmdOrCtrl+S'),
        { type: 'separator' },
        command('Export\u2026', 'exportModel'),
        ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        command('Undo', 'undo', 'CmdOrCtrl+Z'),
        command('Redo', 'redo', 'Shift+CmdOrCtrl+Z'),
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
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, { type: 'separator' }, { role: 'toggleDevTools' }],
    },
  );
  if (isMac) template.push({ role: 'windowMenu' });
  return template;
}
