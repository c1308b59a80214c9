// "Go to layer" (Ctrl+F / Ctrl+P): a small keyboard-driven search over the network's layers by id, label or
// type. Up/Down choose, Enter selects and centres the layer (expanding its group if it is collapsed), Escape
// closes.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { layerDef, type GraphDoc } from '../../shared/graph';
import { useT } from '../i18n';

const MAX_SHOWN = 60;

export interface LayerHit {
  readonly id: string;
  /** The layer's title (English, what the search matches) and its type, for the title in the user's language. */
  readonly type: string;
  readonly layerType: string;
  readonly group: string | null;
}

/** Layers matching the query (every word somewhere in id, label, type or its title in the user's language), best first: ids that start with it. */
export function findLayers(doc: GraphDoc, query: string, localTitle?: (type: string) => string): LayerHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groupOf = new Map<string, string>();
  for (const g of doc.groups ?? []) for (const id of g.nodes) groupOf.set(id, g.label);
  const hits: { hit: LayerHit; rank: number }[] = [];
  for (const n of doc.nodes) {
    const title = layerDef(n.type).title;
    const hay =
      `${n.id} ${n.label ?? ''} ${n.type} ${title} ${localTitle?.(n.type) ?? ''} ${groupOf.get(n.id) ?? ''}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) continue;
    const id = n.id.toLowerCase();
    const rank = !words.length ? 2 : id === words[0] ? 0 : id.startsWith(words[0]) ? 1 : 2;
    hits.push({ hit: { id: n.id, type: title, layerType: n.type, group: groupOf.get(n.id) ?? null }, rank });
  }
  return hits.sort((a, b) => a.rank - b.rank).map((h) => h.hit);
}

export function GoToLayer({
  doc,
  onPick,
  onClose,
}: {
  doc: GraphDoc;
  onPick: (id: string) => void;
  onClose: () => void;
}) {
  const tr = useT();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const all = useMemo(() => findLayers(doc, query, tr.layerTitle), [doc, query, tr]);
  const shown = all.slice(0, MAX_SHOWN);
  const at = Math.min(active, Math.max(0, shown.length - 1));

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((at + step + shown.length) % Math.max(1, shown.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (shown[at]) onPick(shown[at].id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div
      className="goto-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="goto" role="dialog" aria-label={tr.t('ui.goto.title')} data-testid="goto-layer">
        <input
          autoFocus
          value={query}
          placeholder={tr.t('ui.goto.placeholder')}
          aria-label={tr.t('ui.goto.input')}
          aria-controls="goto-list"
          aria-activedescendant={shown[at] ? `goto-${shown[at].id}` : undefined}
          role="combobox"
          aria-expanded
          data-testid="goto-input"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        {shown.length ? (
          <ul id="goto-list" role="listbox" aria-label={tr.t('ui.goto.list')}>
            {shown.map((h, i) => (
              <li
                key={h.id}
                id={`goto-${h.id}`}
                role="option"
                aria-selected={i === at}
                data-testid={`goto-item-${h.id}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  onPick(h.id);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="g-id">{h.id}</span>
                <span className="g-type">{tr.layerTitle(h.layerType)}</span>
                {h.group && <span className="g-where">{tr.t('ui.goto.inGroup', { group: h.group })}</span>}
              </li>
            ))}
            {all.length > shown.length && (
              <li className="g-empty" aria-disabled>
                {tr.t('ui.goto.more', { n: all.length - shown.length })}
              </li>
            )}
          </ul>
        ) : (
          <div className="g-empty">{tr.t('ui.goto.none', { query })}</div>
        )}
      </div>
    </div>
  );
}
