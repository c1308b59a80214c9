// Right-click menus of the canvas: on a node (delete, duplicate, bypass, insert after, group), on an edge
// (insert a layer on it, delete) and on the empty canvas (add a layer at the cursor, paste, auto-layout).
// Also opened from the keyboard (Shift+F10 or the ContextMenu key on a focused node). A WAI-ARIA menu:
// role=menu with menuitems, arrow keys / Home / End / a letter move, Enter or Space runs, Escape, Tab or a
// click outside closes and focus goes back to where it was.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react';
import {
  appendAfter,
  bypassNode,
  CATALOGUE,
  CATEGORY_ORDER,
  insertOnEdge,
  LAYER_TYPES,
  removeEdges,
  type LayerType,
} from '../../shared/graph';
import { addLayer, duplicate, hasClip, paste } from '../commands/editing';
import { runCommand } from '../commands/run';
import { IS_MAC, shortcutHint } from '../commands/shortcuts';
import type { Services } from '../services';
import { currentT } from '../i18n';

export interface MenuItem {
  readonly id: string;
  readonly label: string;
  /** Why the item cannot run now; the item is shown, disabled, with this as its tooltip. */
  readonly disabled?: string;
  readonly hint?: string;
  /** Run it (the menu closes first). */
  readonly run?: () => void;
  /** Opens a second list in place of this one. */
  readonly submenu?: () => { title: string; items: MenuItem[] };
  readonly separatorBefore?: boolean;
}

export type MenuTarget =
  | { readonly kind: 'node'; readonly id: string }
  | { readonly kind: 'edge'; readonly id: string }
  | { readonly kind: 'pane'; readonly flow: { x: number; y: number } };

export interface OpenMenu {
  readonly target: MenuTarget;
  /** Screen position of the menu's top-left corner. */
  readonly x: number;
  readonly y: number;
  /** Where focus goes back to on close (the node a keyboard user opened it on). */
  readonly returnFocus: HTMLElement | null;
}

/** Every layer type, in palette order, as items that call `pick`. */
function layerItems(pick: (t: LayerType) => void, skipInput: boolean): MenuItem[] {
  const order = (t: LayerType) => CATEGORY_ORDER.indexOf(CATALOGUE[t].category);
  return LAYER_TYPES.filter((t) => !(skipInput && t === 'Input'))
    .sort((a, b) => order(a) - order(b))
    .map((t) => ({ id: `layer-${t}`, label: currentT().layerTitle(t), run: () => pick(t) }));
}

/** The items of the menu for `target`. Node commands act on the selection when the node is in it. */
export function menuItems(services: Services, target: MenuTarget): MenuItem[] {
  const store = services.store;
  const st = store.getState();
  const tr = currentT();
  if (target.kind === 'node') {
    const id = target.id;
    const node = st.doc.nodes.find((n) => n.id === id);
    if (!node) return [];
    const inputs = st.doc.edges.filter((e) => e.target === id).length;
    const ports = CATALOGUE[node.type].ports(node.params).length;
    const many = st.selectedNodes.length > 1 && st.selectedNodes.includes(id);
    return [
      {
        id: 'insert-after',
        label: tr.t('ui.contextMenu.insertAfter'),
        submenu: () => ({
          title: tr.t('ui.contextMenu.insertAfterTitle', { node: id }),
          items: layerItems((t) => {
            let added = '';
            store.getState().edit({ key: 'ui.undo.insert', params: { layer: { key: `layer.${t}.title` } } }, (d) => {
              const r = appendAfter(d, id, t);
              added = r.id;
              return r.doc;
            });
            if (added) store.getState().select([added]);
          }, true),
        }),
      },
      {
        id: 'duplicate',
        label: tr.t(many ? 'ui.contextMenu.duplicateSelection' : 'ui.contextMenu.duplicate'),
        hint: shortcutHint('duplicate', IS_MAC),
        run: () => duplicate(store),
      },
      {
        id: 'bypass',
        label: tr.t('ui.contextMenu.bypass'),
        disabled:
          ports !== 1
            ? tr.t(ports === 0 ? 'ui.contextMenu.bypassNoInputs' : 'ui.contextMenu.bypassInputs', {
                type: tr.layerTitle(node.type),
                n: ports,
              })
            : inputs !== 1
              ? tr.t('ui.contextMenu.bypassUnconnected', { node: id })
              : undefined,
        run: () => {
          store.getState().edit({ key: 'ui.undo.bypass', params: { node: id } }, (d) => bypassNode(d, id));
        },
      },
      {
        id: 'group',
        label: tr.t(many ? 'ui.contextMenu.groupSelection' : 'ui.contextMenu.group'),
        hint: shortcutHint('groupSelection', IS_MAC),
        run: () => {
          // A node outside the selection is grouped on its own (the menu acts on the node it was opened on).
          if (!many) store.getState().select([id]);
          runCommand('groupSelection', services);
        },
      },
      {
        id: 'delete',
        label: tr.t(many ? 'ui.contextMenu.deleteSelection' : 'ui.contextMenu.delete'),
        hint: 'Del',
        separatorBefore: true,
        run: () => store.getState().deleteSelection(),
      },
    ];
  }
  if (target.kind === 'edge') {
    const id = target.id;
    const edge = st.doc.edges.find((e) => e.id === id);
    if (!edge) return [];
    return [
      {
        id: 'insert-on-edge',
        label: tr.t('ui.contextMenu.insertHere'),
        submenu: () => ({
          title: tr.t('ui.contextMenu.insertBetween', { source: edge.source, target: edge.target }),
          items: layerItems((t) => {
            let added = '';
            store.getState().edit({ key: 'ui.undo.insert', params: { layer: { key: `layer.${t}.title` } } }, (d) => {
              const r = insertOnEdge(d, id, t);
              added = r.id;
              return r.doc;
            });
            if (added) store.getState().select([added]);
          }, true),
        }),
      },
      {
        id: 'delete',
        label: tr.t('ui.contextMenu.deleteConnection'),
        hint: 'Del',
        separatorBefore: true,
        run: () => store.getState().edit({ key: 'ui.undo.deleteConnection' }, (d) => removeEdges(d, new Set([id]))),
      },
    ];
  }
  const at = target.flow;
  return [
    {
      id: 'add-here',
      label: tr.t('ui.contextMenu.addHere'),
      submenu: () => ({
        title: tr.t('ui.contextMenu.addHereTitle'),
        items: layerItems((t) => addLayer(store, t, { x: at.x - 100, y: at.y - 16 }), false),
      }),
    },
    {
      id: 'paste',
      label: tr.t('ui.contextMenu.paste'),
      hint: shortcutHint('paste', IS_MAC),
      disabled: hasClip(services.clipboard) ? undefined : tr.t('ui.contextMenu.nothingCopied'),
      run: () => paste(store, services.clipboard),
    },
    {
      id: 'layout',
      label: tr.t('ui.contextMenu.layout'),
      hint: shortcutHint('layout', IS_MAC),
      disabled: st.doc.nodes.length ? undefined : tr.t('ui.contextMenu.empty'),
      run: () => runCommand('layout', services),
    },
  ];
}

/** The open menu, drawn at its position (kept inside the window). */
export function ContextMenu({ menu, services, onClose }: { menu: OpenMenu; services: Services; onClose: () => void }) {
  const [sub, setSub] = useState<{ title: string; items: MenuItem[] } | null>(null);
  const items = sub?.items ?? menuItems(services, menu.target);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ x: menu.x, y: menu.y });

  const close = useCallback(
    (restore: boolean) => {
      onClose();
      if (restore) menu.returnFocus?.focus();
    },
    [onClose, menu.returnFocus],
  );

  // Keep it on screen, then focus the first item (again when a submenu replaces the list).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const x = Math.max(4, Math.min(menu.x, window.innerWidth - r.width - 4));
    const y = Math.max(4, Math.min(menu.y, window.innerHeight - r.height - 4));
    if (x !== pos.x || y !== pos.y) setPos({ x, y });
    el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu.x, menu.y, sub, pos.x, pos.y]);

  useEffect(() => {
    const outside = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close(false);
    };
    const blur = () => close(false);
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('blur', blur);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('blur', blur);
    };
  }, [close]);

  const activate = (it: MenuItem) => {
    if (it.disabled) return;
    if (it.submenu) {
      setSub(it.submenu());
      return;
    }
    close(false);
    it.run?.();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    const go = (j: number) => all[(j + all.length) % all.length]?.focus();
    e.stopPropagation();
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(all.length - 1);
    else if (e.key === 'Escape' || (e.key === 'ArrowLeft' && sub)) {
      if (sub) setSub(null);
      else close(true);
    } else if (e.key === 'Tab') close(true);
    else if (e.key === 'ArrowRight' && i >= 0 && items[i]?.submenu) activate(items[i]);
    else if (e.key === 'Enter' || e.key === ' ') {
      if (i >= 0) activate(items[i]);
    } else if (e.key.length === 1 && /\S/.test(e.key)) {
      // Type-ahead: the next item starting with the letter.
      const k = e.key.toLowerCase();
      for (let n = 1; n <= all.length; n++) {
        const j = (i + n) % all.length;
        if (items[j]?.label.toLowerCase().startsWith(k)) {
          go(j);
          break;
        }
      }
    } else return;
    e.preventDefault();
  };

  return (
    <div
      ref={ref}
      className="ctx-menu"
      role="menu"
      aria-label={
        sub?.title ??
        currentT().t(
          `ui.contextMenu.${menu.target.kind === 'pane' ? 'pane' : menu.target.kind === 'node' ? 'node' : 'edge'}Actions`,
        )
      }
      data-testid="context-menu"
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {sub && <div className="ctx-hint ctx-title">{sub.title}</div>}
      {items.map((it) => (
        <div key={it.id} role="none">
          {it.separatorBefore && <div role="separator" />}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            aria-disabled={it.disabled ? true : undefined}
            aria-haspopup={it.submenu ? 'menu' : undefined}
            title={it.disabled}
            data-testid={`ctx-${it.id}`}
            onClick={() => activate(it)}
          >
            <span>{it.label}</span>
            {it.hint && <span className="ctx-hint">{it.hint}</span>}
            {it.submenu && <span className="ctx-hint">▸</span>}
          </button>
        </div>
      ))}
    </div>
  );
}

/** The open menu's state and React Flow's three right-click handlers. */
export function useContextMenu(services: Services, toFlow: (p: { x: number; y: number }) => { x: number; y: number }) {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const close = useCallback(() => setMenu(null), []);
  const onNodeContextMenu = useCallback(
    (e: ReactMouseEvent, node: { id: string }) => {
      e.preventDefault();
      const st = services.store.getState();
      if (!st.selectedNodes.includes(node.id)) st.select([node.id]);
      setMenu({ target: { kind: 'node', id: node.id }, x: e.clientX, y: e.clientY, returnFocus: null });
    },
    [services],
  );
  const onEdgeContextMenu = useCallback(
    (e: ReactMouseEvent, edge: { id: string }) => {
      e.preventDefault();
      services.store.getState().select([], [edge.id]);
      setMenu({ target: { kind: 'edge', id: edge.id }, x: e.clientX, y: e.clientY, returnFocus: null });
    },
    [services],
  );
  const onPaneContextMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent) => {
      e.preventDefault();
      const flow = toFlow({ x: e.clientX, y: e.clientY });
      setMenu({ target: { kind: 'pane', flow }, x: e.clientX, y: e.clientY, returnFocus: null });
    },
    [toFlow],
  );
  return { menu, open: setMenu, close, onNodeContextMenu, onEdgeContextMenu, onPaneContextMenu };
}
