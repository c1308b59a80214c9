// The activation problems (activations.ts) and the window that is larger than its input (layers/window.ts):
// codes, severities and what each fix leaves behind. The broken-file corpus has one file of each too.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { analyse, applyFix, defaultsFor, type GraphDoc, type LayerType, type Params, type Problem } from './index';
import { DEEP_TANH } from './activations';

/** A chain (or, with `edges`, any wiring) of nodes [id, type, params]. */
function graph(nodes: [string, LayerType, Params][], edges?: [string, string, string?][]): GraphDoc {
  const wires = edges ?? nodes.slice(1).map((n, i) => [nodes[i][0], n[0]] as [string, string]);
  return {
    format: 'cnn-designer',
    version: 2,
    metadata: { name: 't' },
    nodes: nodes.map(([id, type, params], i) => ({ id, type, params, position: { x: 0, y: i * 100 } })),
    edges: wires.map(([source, target, port], i) => ({ id: `e${i + 1}`, source, target, targetPort: port ?? 'in' })),
  };
}
const input = (h = 28): [string, LayerType, Params] => ['input', 'Input', { height: h, width: h, channels: 1 }];
const conv = (id: string, p: Params = {}): [string, LayerType, Params] => [
  id,
  'Conv2D',
  {
    filters: 4,
    kernel: [3, 3],
    stride: [1, 1],
    padding: 'same',
    pad: [1, 1],
    dilation: [1, 1],
    groups: 1,
    bias: true,
    activation: 'relu',
    ...p,
  },
];
const tail: [string, LayerType, Params][] = [
  ['gap', 'GlobalPool', { mode: 'avg' }],
  ['dense', 'Dense', { units: 10, activation: 'linear', bias: true }],
  ['softmax', 'Softmax', {}],
];
const problems = (doc: GraphDoc, code: string) => analyse(doc).problems.filter((p) => p.code === code);
const fixed = (doc: GraphDoc, p: Problem) => applyFix(doc, p.fix!).doc;

describe('double activation', () => {
  it('warns on a fused relu followed by a ReLU node; the fix makes the conv linear and keeps the node', () => {
    const doc = graph([input(), conv('conv1'), ['relu1', 'Activation', { kind: 'relu' }], ...tail]);
    const [p] = problems(doc, 'double-activation');
    expect(p).toMatchObject({ severity: 'warning', nodeId: 'relu1', fix: { kind: 'setParam', nodeId: 'conv1' } });
    expect(p.message).toContain('conv1 already applies relu');
    const after = fixed(doc, p);
    expect(after.nodes.find((n) => n.id === 'conv1')!.params.activation).toBe('linear');
    expect(after.nodes.map((n) => n.id)).toContain('relu1');
    expect(problems(after, 'double-activation')).toEqual([]);
  });

  it('when the layer also feeds another branch, the fix removes the extra node instead (and rewires)', () => {
    const doc = graph(
      [
        input(),
        conv('conv1'),
        ['relu1', 'Activation', { kind: 'relu' }],
        conv('conv2', { activation: 'linear' }),
        ['add', 'Residual', { projection: 'auto' }],
        ...tail,
      ],
      [
        ['input', 'conv1'],
        ['conv1', 'relu1'],
        ['relu1', 'conv2'],
        ['conv2', 'add', 'main'],
        ['conv1', 'add', 'skip'],
        ['add', 'gap'],
        ['gap', 'dense'],
        ['dense', 'softmax'],
      ],
    );
    const [p] = problems(doc, 'double-activation');
    expect(p.fix).toMatchObject({ kind: 'removeNode', label: 'Remove relu1', nodeId: 'relu1' });
    expect(p.fix?.msg).toEqual({ key: 'fix.removeNode', params: { node: 'relu1' } });
    const after = fixed(doc, p);
    expect(after.nodes.some((n) => n.id === 'relu1')).toBe(false);
    expect(after.edges.some((e) => e.source === 'conv1' && e.target === 'conv2')).toBe(true);
    expect(problems(after, 'double-activation')).toEqual([]);
  });

  it('notes a fused activation on the main path into a residual add (ResNet puts it after the add)', () => {
    const wires: [string, string, string?][] = [
      ['input', 'conv1'],
      ['conv1', 'conv2'],
      ['conv2', 'add', 'main'],
      ['conv1', 'add', 'skip'],
      ['add', 'gap'],
      ['gap', 'dense'],
      ['dense', 'softmax'],
    ];
    const block = (act: string) =>
      graph(
        [
          input(),
          conv('conv1', { activation: 'linear' }),
          conv('conv2', { activation: act }),
          ['add', 'Residual', { projection: 'none' }],
          ...tail,
        ],
        wires,
      );
    const [p] = problems(block('relu'), 'activation-before-add');
    expect(p).toMatchObject({ severity: 'info', nodeId: 'conv2', fix: { kind: 'setParam', value: 'linear' } });
    expect(p.message).toContain('before the residual add add');
    expect(problems(block('linear'), 'activation-before-add')).toEqual([]);
  });

  it('is silent for a linear conv followed by an activation, and for a fused activation followed by BatchNorm', () => {
    const a = graph([
      input(),
      conv('conv1', { activation: 'linear' }),
      ['relu1', 'Activation', { kind: 'relu' }],
      ...tail,
    ]);
    const b = graph([input(), conv('conv1'), ['bn', 'BatchNorm', {}], ...tail]);
    expect(problems(a, 'double-activation')).toEqual([]);
    expect(problems(b, 'double-activation')).toEqual([]);
  });
});

describe('saturating activations', () => {
  it('the 1998 LeNet-5 template opens clean: its tanh layers are notes (info) that explain the history', () => {
    const lenet = TEMPLATES.find((t) => t.id === 'lenet5-1998')!.build();
    const a = analyse(lenet);
    expect(a.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    const sat = a.problems.filter((p) => p.code === 'saturating-activation');
    expect(sat.map((p) => p.nodeId)).toEqual(['C1', 'C3', 'C5']);
    for (const p of sat) expect(p.message).toMatch(/LeNet-5 \(LeCun et al\.\).*1\.7159 tanh\(2x\/3\).*ReLU/);
  });

  it(`tanh becomes a warning once a path crosses ${DEEP_TANH} saturating activations; sigmoid always warns`, () => {
    const tanhs = (n: number) => Array.from({ length: n }, (_, i) => conv(`c${i}`, { activation: 'tanh' }));
    const sev = (doc: GraphDoc) => [...new Set(problems(doc, 'saturating-activation').map((p) => p.severity))];
    expect(sev(graph([input(), ...tanhs(DEEP_TANH - 1), ...tail]))).toEqual(['info']);
    expect(sev(graph([input(), ...tanhs(DEEP_TANH), ...tail]))).toEqual(['warning']);
    expect(sev(graph([input(), conv('c', { activation: 'sigmoid' }), ...tail]))).toEqual(['warning']);
  });

  it('no template has a double activation, an activation before an add, or a warning about its activations', () => {
    for (const t of TEMPLATES) {
      const bad = analyse(t.build()).problems.filter(
        (p) =>
          p.code === 'double-activation' ||
          p.code === 'activation-before-add' ||
          (p.code === 'saturating-activation' && p.severity !== 'info'),
      );
      expect(bad, t.id).toEqual([]);
    }
  });
});

describe('a window larger than its input', () => {
  it("31x31 on 28x28 with padding 'same' warns, and the fix sets the kernel to the input size", () => {
    const doc = graph([input(), conv('conv1', { kernel: [31, 31] }), ...tail]);
    const [p] = problems(doc, 'window-exceeds-input');
    expect(p).toMatchObject({ severity: 'warning', nodeId: 'conv1', param: 'kernel' });
    expect(p.message).toContain('31x31');
    expect(p.fix).toMatchObject({
      kind: 'setParam',
      param: 'kernel',
      value: [28, 28],
      label: 'Set kernel to 28x28 (the input size)',
    });
    expect(analyse(fixed(doc, p)).problems.filter((q) => q.severity !== 'info')).toEqual([]);
  });

  it("the 'valid' error's fix shrinks the kernel to fit instead of switching to 'same' (which would warn)", () => {
    const doc = graph([input(), conv('conv1', { kernel: [31, 31], padding: 'valid' }), ...tail]);
    const [p] = problems(doc, 'kernel-too-large');
    expect(p.severity).toBe('error');
    expect(p.fix).toMatchObject({ kind: 'setParam', param: 'kernel', value: [28, 28] });
    const after = analyse(fixed(doc, p));
    expect(after.problems.filter((q) => q.severity !== 'info')).toEqual([]);
    expect(after.nodes.get('conv1')!.shape).toEqual([1, 1, 4]);
  });

  it('with dilation the fix is the largest kernel whose dilated extent fits', () => {
    const doc = graph([input(10), conv('conv1', { kernel: [7, 7], dilation: [2, 2], padding: 'valid' }), ...tail]);
    const [p] = problems(doc, 'kernel-too-large');
    // 2(k-1)+1 <= 10 -> k = 5 (extent 9)
    expect(p.fix).toMatchObject({ value: [5, 5], label: 'Set kernel to 5x5 (the largest that fits)' });
    expect(problems(fixed(doc, p), 'kernel-too-large')).toEqual([]);
  });

  it("pooling: a 'same' window over the whole input and beyond warns; the 'valid' error shrinks the window", () => {
    const pool = (p: Params): [string, LayerType, Params] => [
      'pool',
      'Pool',
      { ...defaultsFor('Pool'), mode: 'max', size: [32, 32], stride: [2, 2], ...p },
    ];
    const same = graph([input(), pool({ padding: 'same' }), ...tail]);
    const [w] = problems(same, 'window-exceeds-input');
    expect(w).toMatchObject({ severity: 'warning', param: 'size', fix: { value: [28, 28] } });
    const valid = graph([input(), pool({ padding: 'valid' }), ...tail]);
    const [e] = problems(valid, 'kernel-too-large');
    expect(e.fix).toMatchObject({ kind: 'setParam', param: 'size', value: [28, 28] });
    expect(analyse(fixed(valid, e)).problems.filter((q) => q.severity !== 'info')).toEqual([]);
  });
});
