// The layer palette: every catalogue layer by category, the block snippets, and a search box.
// Drag an item onto the canvas, double-click it, or type in the search and press Enter.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { CATALOGUE } from '../../shared/graph';
import { MIME_LAYER, MIME_SNIPPET } from '../canvas/dnd';
import { addLayer, insertSnippet } from '../commands/editing';
import { useServices, type Services } from '../services';
import { flatItems, itemKey, paletteGroups, type PaletteItem } from './filter';
import { useT } from '../i18n';
import type { Translator } from '../../shared/i18n';

function add(services: Services, it: PaletteItem) {
  const ids =
    it.kind === 'layer'
      ? [addLayer(services.store, it.type, undefined, services.canvas)]
      : insertSnippet(services.store, it.id, undefined, services.canvas);
  // Keep the new layer in view: a chain built from the keyboard grows down past the bottom of the canvas.
  const last = ids[ids.length - 1];
  if (last) services.store.getState().focusNode(last);
}

/** An item's name and description in the user's language (layers: the catalogue's; blocks: ui.snippet.*). */
const itemTitle = (tr: Translator, it: PaletteItem) =>
  it.kind === 'layer' ? tr.layerTitle(it.type) : tr.t(`ui.snippet.${it.id}.title`);
const itemDoc = (tr: Translator, it: PaletteItem) =>
  it.kind === 'layer' ? tr.t(`layer.${it.type}.doc`) : tr.t(`ui.snippet.${it.id}.description`);

function onDragStart(e: DragEvent, it: PaletteItem) {
  if (it.kind === 'layer') e.dataTransfer.setData(MIME_LAYER, it.type);
  else e.dataTransfer.setData(MIME_SNIPPET, it.id);
  e.dataTransfer.effectAllowed = 'copy';
}

export const Palette = memo(function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const groups = useMemo(() => paletteGroups(query), [query]);
  const items = useMemo(() => flatItems(groups), [groups]);

  const services = useServices();
  const tr = useT();

  useEffect(() => {
    const { openers } = services;
    openers.focusSearch = () => {
      search.current?.focus();
      search.current?.select();
    };
    return () => {
      openers.focusSearch = null;
    };
  }, [services]);

  const onSearchKey = useCallback(
    (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((a) => Math.min(items.length - 1, a + 1));
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(0, a - 1));
      } else if (e.key === '/') {
        // No layer name has a '/': a second '/' starts a new search, so /conv Enter /relu Enter builds a chain.
        e.preventDefault();
        setQuery('');
        setActive(0);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        const it = items[Math.min(active, items.length - 1)];
        if (it) add(services, it);
        // Typing goes on over the last search: the next name replaces it.
        search.current?.select();
      } else if (e.key === 'Escape') {
        if (query) {
          e.preventDefault();
          setQuery('');
          setActive(0);
        } else search.current?.blur();
      }
    },
    [items, active, query, services],
  );

  const activeKey = query && items.length ? itemKey(items[Math.min(active, items.length - 1)]) : null;

  return (
    <aside className="palette" data-testid="palette" aria-label={tr.t('ui.palette.layers')}>
      <div className="palette-search">
        <input
          ref={search}
          type="search"
          placeholder={tr.t('ui.palette.searchPlaceholder')}
          value={query}
          data-testid="palette-search"
          aria-label={tr.t('ui.palette.search')}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onSearchKey}
        />
      </div>
      <div className="palette-list" role="listbox" aria-label={tr.t('ui.palette.layerTypes')}>
        {groups.map((g) => (
          <section key={g.name} className="palette-group" role="group" aria-label={tr.t(`ui.category.${g.name}`)}>
            {/* The group's name is its aria-label: a listbox holds groups and options only. */}
            <h3 aria-hidden="true">{tr.t(`ui.category.${g.name}`)}</h3>
            {g.items.map((it) => {
              const key = itemKey(it);
              const cat = it.kind === 'layer' ? CATALOGUE[it.type].category.toLowerCase() : 'merge';
              return (
                <div
                  key={key}
                  className={`palette-item cat-${cat}${key === activeKey ? ' active' : ''}`}
                  role="option"
                  aria-selected={key === activeKey}
                  tabIndex={0}
                  draggable
                  data-testid={`palette-${key}`}
                  title={`${itemDoc(tr, it)}\n\n${tr.t(it.kind === 'layer' ? 'ui.palette.itemHintBelow' : 'ui.palette.itemHint')}`}
                  onDragStart={(e) => onDragStart(e, it)}
                  onDoubleClick={() => add(services, it)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      add(services, it);
                    }
                  }}
                >
                  <span className="swatch" />
                  <span className="palette-title">{itemTitle(tr, it)}</span>
                </div>
              );
            })}
          </section>
        ))}
        {!items.length && <div className="palette-none">{tr.t('ui.palette.none', { query })}</div>}
      </div>
    </aside>
  );
});
