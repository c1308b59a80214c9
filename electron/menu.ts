// The application menu. Its command items come from the command table (shared/commands/commands.ts): each
// command with a menu place, its label and the accelerator from its first chord. Commands go to the renderer as
// MenuEvents (the renderer owns the document, undo history and export). Shortcuts are shown but not registered
// (registerAccelerator: false): the page handles its own keys the same way in the browser and the desktop app
// (renderer/commands/shortcuts.ts), so a key press never fires twice.
import type { MenuItemConstructorOptions } from 'electron';
import {
  acceleratorOf,
  chordsOf,
  menuSections,
  type MenuCommandId,
  type MenuPlacement,
} from '../shared/commands/commands';
import type { MenuEvent, RecentEntry } from '../shared/ipc/contract';
import { APP_NAME } from '../shared/ipc/contract';
import { translator, type Locale } from '../shared/i18n';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** The page's language (English until it says). */
  locale?: Locale;
  recent: readonly RecentEntry[];
  send(event: MenuEvent): void;
}

export function buildMenuTemplate({
  platform,
  recent,
  send,
  locale = 'en',
}: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const tr = translator(locale);
  const m = (key: string) => tr.t(`menu.${key}`);
  // Native roles keep Electron's own (English) labels in English; other languages name them.
  const roleLabel = (key: string) => (locale === 'en' ? {} : { label: m(key) });
  const command = (id: MenuCommandId): MenuItemConstructorOptions => {
    const chord = chordsOf(id, isMac)[0];
    return {
      label: tr.t(`command.${id}.label`),
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
    : [{ label: m('noRecent'), enabled: false }];
  // The table's commands of one menu, sections separated; Open Recent follows Open.
  const commands = (menu: MenuPlacement['menu']): MenuItemConstructorOptions[] =>
    menuSections(menu).flatMap((ids, i) => [
      ...(i ? [{ type: 'separator' } as const] : []),
      ...ids.flatMap((id) =>
        id === 'open' ? [command(id), { label: m('openRecent'), submenu: openRecent }] : [command(id)],
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
      label: m('file'),
      submenu: [
        ...commands('file'),
        ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit', ...roleLabel('quit') } as const]),
      ],
    },
    {
      label: m('edit'),
      submenu: [
        ...commands('edit'),
        { type: 'separator' },
        // Native roles: text fields (and macOS shortcuts) need them.
        { role: 'cut', ...roleLabel('cut') },
        { role: 'copy', ...roleLabel('copy') },
        { role: 'paste', ...roleLabel('paste') },
        { role: 'selectAll', ...roleLabel('selectAll') },
      ],
    },
    {
      label: m('view'),
      submenu: [
        { role: 'resetZoom', ...roleLabel('resetZoom') },
        { role: 'zoomIn', ...roleLabel('zoomIn') },
        { role: 'zoomOut', ...roleLabel('zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', ...roleLabel('fullscreen') },
        { type: 'separator' },
        { role: 'toggleDevTools', ...roleLabel('devTools') },
      ],
    },
  );
  if (isMac) template.push({ role: 'windowMenu' });
  return template;
}
