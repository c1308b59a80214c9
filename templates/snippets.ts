// Palette snippets: small subgraphs inserted in one step, already wired around a Residual node.
// Ids are fresh for the document they are inserted into; when an anchor (the node the block
// should follow) is given, its output feeds both the block and the skip connection.
import { addNode, connect } from '../shared/graph';
import type { GraphDoc, LayerType, Params } from '../shared/graph';

export interface SnippetOptions {
  /** Node whose output enters the block (main path and skip). */
  readonly anchor?: string;
  /** Channels entering the block, when known: the block keeps them so the identity skip fits. */
  readonly channels?: number;
}

export interface Snippet {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Inserts the block with its top-left at `at`; returns the new document and the new node ids (last = block output). */
  insert(doc: GraphDoc, at: { x: number; y: number }, options?: SnippetOptions): { doc: GraphDoc; ids: string[] };
}

/** Vertical distance between stacked nodes of a snippet (node height plus room for an edge label). */
const STEP = 120;

type Step = { type: LayerType; params?: Params };

/** Chain `main` from the anchor into Residual.main, skip from the anchor into Residual.skip, then a ReLU. */
function residualBlock(doc: GraphDoc, at: { x: number; y: number }, main: readonly Step[], anchor?: string) {
  let d = doc;
  const ids: string[] = [];
  let prev = anchor;
  main.forEach((s, i) => {
    const r = addNode(d, s.type, { x: at.x, y: at.y + i * STEP }, s.params);
    d = r.doc;
    ids.push(r.id);
    if (prev) d = connect(d, prev, r.id, 'in').doc;
    prev = r.id;
  });
  const add = addNode(d, 'Residual', { x: at.x, y: at.y + main.length * STEP }, { projection: 'none' });
  d = connect(add.doc, prev!, add.id, 'main').doc;
  if (anchor) d = connect(d, anchor, add.id, 'skip').doc;
  ids.push(add.id);
  const relu = addNode(d, 'Activation', { x: at.x, y: at.y + (main.length + 1) * STEP }, { kind: 'relu' });
  d = connect(relu.doc, add.id, relu.id, 'in').doc;
  ids.push(relu.id);
  return { doc: d, ids };
}

const conv = (filters: number, k: number): Step => ({
  type: 'Conv2D',
  params: { filters, kernel: [k, k], stride: [1, 1], padding: 'same', bias: false, activation: 'linear' },
});
const bn: Step = { type: 'BatchNorm' };
const relu: Step = { type: 'Activation', params: { kind: 'relu' } };

export const SNIPPETS: readonly Snippet[] = [
  {
    id: 'basic-block',
    title: 'Basic residual block',
    description:
      'ResNet-18/34 block: 3x3 conv, BN, ReLU, 3x3 conv, BN, added to the skip, then ReLU. Keeps H, W and channels.',
    insert: (doc, at, o = {}) => {
      const c = o.channels ?? 64;
      return residualBlock(doc, at, [conv(c, 3), bn, relu, conv(c, 3), bn], o.anchor);
    },
  },
  {
    id: 'bottleneck-block',
    title: 'Bottleneck block',
    description:
      'ResNet-50 block: 1x1 conv to C/4, 3x3 conv, 1x1 conv back to C (each with BN, ReLU between), added to the skip, then ReLU.',
    insert: (doc, at, o = {}) => {
      const c = o.channels ?? 256;
      const mid = Math.max(1, Math.round(c / 4));
      return residualBlock(doc, at, [conv(mid, 1), bn, relu, conv(mid, 3), bn, relu, conv(c, 1), bn], o.anchor);
    },
  },
];

export function snippetById(id: string): Snippet | undefined {
  return SNIPPETS.find((s) => s.id === id);
}
