import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { acceleratorOf, chordsOf, COMMAND_IDS, COMMANDS } from '../shared/commands/commands';
import type { MenuEvent } from '../shared/ipc/contract';
import { buildMenuTemplate } from './menu';

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      try {
        return find(item.submenu, label);
      } catch {
        // keep looking
      }
    }
  }
  throw new Error(`no menu item ${label}`);
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it('sends each command to the renderer', () => {
    const sent: MenuEvent[] = [];
    const menu = buildMenuTemplate({ platform: 'linux', recent: [], send: (e) => sent.push(e) });
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View']);
    for (const label of ['New', 'Open\u2026', 'Save', 'Save As\u2026', 'Export\u2026', 'Undo', 'Redo'])
      click(find(menu, label));
    expect(sent.map((e) => e.command)).toEqual(['new', 'open', 'save', 'saveAs', 'exportModel', 'undo', 'redo']);
  });

  it("speaks the page's language: zh-CN labels, the same commands and shortcuts", () => {
    const sent: MenuEvent[] = [];
    const menu = buildMenuTemplate({ platform: 'linux', recent: [], send: (e) => sent.push(e), locale: 'zh-CN' });
    expect(menu.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)']);
    for (const label of ['新建', '打开…', '保存', '另存为…', '导出…', '撤销', '重做']) click(find(menu, label));
    expect(sent.map((e) => e.command)).toEqual(['new', 'open', 'save', 'saveAs', 'exportModel', 'undo', 'redo']);
    expect(find(menu, '保存')).toMatchObject({ accelerator: 'CmdOrCtrl+S' });
    expect(find(menu, '最近打开').submenu).toEqual([{ label: '没有最近的文件', enabled: false }]);
    expect(find(menu, '剪切')).toMatchObject({ role: 'cut' });
    // Every label is Chinese (or a symbol): no English word left in the zh-CN menu.
    const labels: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const i of items) {
        if (i.label) labels.push(i.label);
        if (Array.isArray(i.submenu)) walk(i.submenu);
      }
    };
    walk(menu);
    expect(labels.filter((l) => /[A-Za-z]{2,}/.test(l.replace(/\(&[A-Z]\)/, '')))).toEqual([]);
  });

  it('shows shortcuts without registering them (the page handles its keys)', () => {
    const menu = buildMenuTemplate({ platform: 'linux', recent: [], send: () => undefined });
    expect(find(menu, 'Save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: false });
    expect(find(menu, 'Undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
  });

  it('lists recent files and opens them through the renderer', () => {
    const sent: MenuEvent[] = [];
    const menu = buildMenuTemplate({
      platform: 'linux',
      recent: [{ path: '/d/a.cnn.json', name: 'a.cnn.json', openedAt: 1 }],
      send: (e) => sent.push(e),
    });
    click(find(menu, 'a.cnn.json'));
    expect(sent).toEqual([{ command: 'openRecent', path: '/d/a.cnn.json' }]);
    const empty = buildMenuTemplate({ platform: 'linux', recent: [], send: () => undefined });
    expect(find(empty, 'No recent files').enabled).toBe(false);
  });

  it('has the application menu on macOS', () => {
    const menu = buildMenuTemplate({ platform: 'darwin', recent: [], send: () => undefined });
    expect(menu[0].label).toBe('CNN Designer');
    expect(find(menu, 'Redo').accelerator).toBe('Shift+CmdOrCtrl+Z');
  });

  it("holds every command the table places in a menu, there, with the table's label and first chord, and no other", () => {
    const menuLabel = { file: '&File', edit: '&Edit' } as const;
    for (const platform of ['linux', 'darwin'] as const) {
      const sent: MenuEvent[] = [];
      const menu = buildMenuTemplate({ platform, recent: [], send: (e) => sent.push(e) });
      const items = (label: string) => menu.find((m) => m.label === label)!.submenu as MenuItemConstructorOptions[];
      for (const id of COMMAND_IDS) {
        const spec = COMMANDS[id];
        const place = 'menu' in spec ? spec.menu : undefined;
        const found = Object.values(menuLabel).filter((m) => items(m).some((i) => i.label === spec.label));
        expect(found, id).toEqual(place ? [menuLabel[place.menu]] : []);
        if (!place) continue;
        const item = find(items(menuLabel[place.menu]), spec.label);
        const chord = chordsOf(id, platform === 'darwin')[0];
        expect(item.accelerator, id).toBe(chord ? acceleratorOf(chord) : undefined);
        click(item);
        expect(sent.at(-1), id).toEqual({ command: id });
      }
    }
  });
});
