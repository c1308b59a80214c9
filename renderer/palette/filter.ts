// What the palette lists: every catalogue layer, grouped by category, plus the snippets, filtered
// by the search text. Pure, so search behaviour is unit-tested.
import { CATALOGUE, CATEGORY_ORDER, LAYER_TYPES } from '../../shared/graph';
import type { LayerType } from '../../shared/graph';
import { SNIPPETS } from '../../templates/snippets';

export type PaletteItem =
  | { readonly kind: 'layer'; readonly type: LayerType; readonly title: string; readonly doc: string }
  | { readonly kind: 'snippet'; readonly id: string; readonly title: string; readonly doc: string };

export interface PaletteGroup {
  readonly name: string;
  readonly items: readonly PaletteItem[];
}

/** Extra words users search for that the titles do not contain. */
const ALIASES: Partial<Record<LayerType, string>> = {
  Conv2D: 'convolution kernel filter',
  Conv2DTranspose: 'deconvolution upsample transposed',
  Pool: 'maxpool avgpool max average subsample',
  GlobalPool: 'gap global average',
  Activation: 'relu leaky prelu elu sigmoid tanh nonlinearity',
  BatchNorm: 'batch normalization normalisation bn',
  Dense: 'fully connected fc linear',
  Residual: 'add skip resnet shortcut',
  Concat: 'concatenate merge inception',
  Softmax: 'probabilities classifier output',
  Input: 'image data',
};

function score(item: PaletteItem, words: readonly string[]): number {
  const title = item.title.toLowerCase();
  const key = item.kind === 'layer' ? item.type.toLowerCase() : item.id;
  const extra = item.kind === 'layer' ? (ALIASES[item.type] ?? '') : 'snippet block residual';
  const hay = `${title} ${key} ${extra}`;
  let s = 0;
  for (const w of words) {
    if (title.startsWith(w) || key.startsWith(w)) s += 3;
    else if (hay.includes(w)) s += 2;
    else if (item.doc.toLowerCase().includes(w)) s += 1;
    else return 0;
  }
  return s;
}

export function paletteGroups(query: string): PaletteGroup[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const layers: PaletteItem[] = LAYER_TYPES.map((type) => ({
    kind: 'layer',
    type,
    title: CATALOGUE[type].title,
    doc: CATALOGUE[type].doc,
  }));
  const snippets: PaletteItem[] = SNIPPETS.map((s) => ({
    kind: 'snippet',
    id: s.id,
    title: s.title,
    doc: s.description,
  }));
  const keep = (items: PaletteItem[]) => {
    if (!words.length) return items;
    return items
      .map((it) => ({ it, s: score(it, words) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .map((x) => x.it);
  };
  const groups: PaletteGroup[] = CATEGORY_ORDER.map((cat) => ({
    name: cat,
    items: keep(layers.filter((it) => it.kind === 'layer' && CATALOGUE[it.type].category === cat)),
  }));
  groups.push({ name: 'Blocks', items: keep(snippets) });
  const nonEmpty = groups.filter((g) => g.items.length > 0);
  if (!words.length) return nonEmpty;
  // With a query, the best match leads (Enter adds the first item).
  const best = (g: PaletteGroup) => Math.max(...g.items.map((it) => score(it, words)));
  return nonEmpty.sort((a, b) => best(b) - best(a));
}

/** The items in display order (keyboard navigation walks this list). */
export function flatItems(groups: readonly PaletteGroup[]): PaletteItem[] {
  return groups.flatMap((g) => g.items);
}

export const itemKey = (it: PaletteItem) => (it.kind === 'layer' ? it.type : `snippet-${it.id}`);
