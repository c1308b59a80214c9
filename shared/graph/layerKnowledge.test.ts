// What a layer type is and does lives in its definition (layers/*.ts) and its catalogue line, and
// nowhere else: code outside the catalogue asks the definition (ports, kernelImages, fromKeras, ...)
// instead of naming types. Adding a layer type is then its file plus one line in catalogue.ts. This
// test keeps it so: the files below must not name a layer type in a string literal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { lenet5Mnist } from '../../templates/lenet';
import { kernelImages } from '../train/probe';
import { LAYER_TYPES, layerDef } from './catalogue';
import type { LayerType } from './types';
import { compile } from './compile';
import { emptyDoc } from './document';
import { addNode, connect, setParams } from './edit';

const ROOT = join(__dirname, '..', '..');
// shared/export/importOnnx.ts is left out: its constant folding names ONNX op types, and ONNX's 'Concat'
// is spelt like the layer type; it reads every op through the definitions' fromOnnx all the same.
const ASK_THE_CATALOGUE = [
  'shared/graph/limits.ts',
  'shared/graph/edit.ts',
  'shared/train/probe.ts',
  'shared/export/importTfjs.ts',
  'shared/graph/layers/onnxread.ts',
  'renderer/panels/worked.ts',
  'shared/train/doctor.ts',
  'shared/train/convExplain.ts',
  'shared/train/doctorSampler.ts',
  'shared/train/erf.ts',
];

/** Quoted layer-type names in code (comments are stripped first). */
function typeLiterals(file: string): string[] {
  const code = readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  // Input is the graph's root, not a layer among others: the analysis and the "add an input" fix name it.
  for (const t of LAYER_TYPES) if (t !== 'Input' && new RegExp(`['"\`]${t}['"\`]`).test(code)) found.push(t);
  return found;
}

describe('layer knowledge stays in the catalogue', () => {
  for (const file of ASK_THE_CATALOGUE) {
    it(`${file} names no layer type`, () => {
      expect(typeLiterals(file)).toEqual([]);
    });
  }
});

describe('what the definitions say is used', () => {
  it('the rules outside the catalogue read its flags: which layers normalise, skip, regularise, connect fully, collapse space, are worked out', () => {
    const withFlag = (f: (t: LayerType) => unknown) => LAYER_TYPES.filter((t) => f(t));
    expect(withFlag((t) => layerDef(t).normalises)).toEqual(['BatchNorm']);
    expect(withFlag((t) => layerDef(t).skipPath)).toEqual(['Residual']);
    expect(withFlag((t) => layerDef(t).regularises)).toEqual(['Dropout']);
    expect(withFlag((t) => layerDef(t).fullyConnected)).toEqual(['Dense']);
    expect(withFlag((t) => layerDef(t).collapsesSpace).sort()).toEqual(['Flatten', 'GlobalPool']);
    expect(withFlag((t) => layerDef(t).explain).sort()).toEqual(['Conv2D', 'Pool']);
    // Every layer the worked convolution explains has a sliding window to explain.
    for (const t of withFlag((t) => layerDef(t).explain)) expect(layerDef(t).window).toBeTypeOf('function');
  });

  it('a node whose ports shrink loses the edges into the ports it no longer has; other edits keep the edge list', () => {
    let d = emptyDoc();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = addNode(d, 'Input', { x: 0, y: 0 });
      d = a.doc;
      ids.push(a.id);
    }
    const c = addNode(d, 'Concat', { x: 0, y: 0 }, { inputs: 3 });
    d = c.doc;
    ids.forEach((id, i) => {
      d = connect(d, id, c.id, `in${i + 1}`).doc;
    });
    const fewer = setParams(d, c.id, { inputs: 2 });
    expect(fewer.edges.map((e) => e.targetPort)).toEqual(['in1', 'in2']);
    expect(setParams(d, c.id, { inputs: 3 }).edges).toBe(d.edges);
    const conv = addNode(d, 'Conv2D', { x: 0, y: 0 });
    const withConv = connect(conv.doc, ids[0], conv.id, 'in').doc;
    expect(setParams(withConv, conv.id, { filters: 4 }).edges).toBe(withConv.edges);
  });

  it('the kernel images come from the first node whose definition has kernelImages', () => {
    const doc = lenet5Mnist();
    const r = compile(doc, tf, { seed: 1 });
    if (!r.ok) throw new Error('LeNet-5 compiles');
    const k = kernelImages(doc, r.analysis, r.model, r.layers);
    const first = r.analysis.order.find((id) => layerDef(doc.nodes.find((n) => n.id === id)!.type).kernelImages);
    expect(first).toBe('C1');
    expect(k).toMatchObject({ nodeId: 'C1', kh: 5, kw: 5, count: 6, channels: 1 });
    r.model.dispose();
  });
});
