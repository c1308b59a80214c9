// Re-analysis after an edit must equal a fresh analysis, and must not redo what did not change.
// Also: random wiring (cycles, dangling ports, several inputs/outputs) never makes analysis throw.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { TEMPLATES } from '../../templates';
import {
  analyse,
  CATALOGUE,
  defaultsFor,
  LAYER_TYPES,
  setParams,
  type Analysis,
  type GraphDoc,
  type Params,
} from './index';
import { MAX_DEPTH } from './limits';
import { buildRandomGraph, STEP_KINDS } from './testing/randomGraph';

const view = (a: Analysis) => ({
  nodes: [...a.nodes.values()].map((n) => ({
    id: n.id,
    shape: n.shape,
    rf: n.rf,
    counts: n.counts,
    problems: n.problems,
  })),
  order: a.order,
  live: [...a.live],
  problems: a.problems,
  totals: a.totals,
  inputId: a.inputId,
  outputId: a.outputId,
});

describe('incremental analysis', () => {
  it('after random parameter edits equals a fresh analysis', () => {
    const step = fc.record({
      kind: fc.constantFrom(...STEP_KINDS),
      a: fc.nat(9999),
      b: fc.nat(9999),
      c: fc.nat(9999),
      d: fc.nat(9999),
    });
    const edit = fc.record({ node: fc.nat(), param: fc.nat(), value: fc.integer({ min: -2, max: 40 }) });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 8 }),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        (steps, edits) => {
          let doc = buildRandomGraph({ h: 16, w: 16, ch: 3, steps, wild: false });
          let prev = analyse(doc);
          for (const e of edits) {
            const node = doc.nodes[e.node % doc.nodes.length];
            const specs = Object.entries(CATALOGUE[node.type].params);
            if (!specs.length) continue;
            const [name, spec] = specs[e.param % specs.length];
            const value =
              spec.kind === 'pair'
                ? ([Math.max(0, e.value), Math.max(0, e.value)] as const)
                : spec.kind === 'bool'
                  ? e.value % 2 === 0
                  : spec.kind === 'enum'
                    ? spec.options[Math.abs(e.value) % spec.options.length]
                    : e.value;
            doc = setParams(doc, node.id, { [name]: value });
            const inc = analyse(doc, prev);
            expect(view(inc)).toEqual(view(analyse(doc)));
            prev = inc;
          }
        },
      ),
      { numRuns: 150, seed: 5 },
    );
  });

  it('an edit reuses the results of every node it cannot affect', () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const before = analyse(doc);
    const edited = setParams(doc, 'fc', { units: 100 });
    const after = analyse(edited, before);
    const changed = [...after.nodes.keys()].filter((id) => after.nodes.get(id) !== before.nodes.get(id));
    expect(changed.sort()).toEqual(['fc', 'softmax']);
    expect(after.nodes.get('softmax')!.shape).toEqual([100]);
  });
  it("an edit upstream re-infers every shape below it but checks no unchanged node's parameter ranges again", () => {
    // A chain of Activation nodes: their range check asks the spec whether 'negativeSlope' applies (visibleIf).
    let doc = TEMPLATES.find((t) => t.id === 'resnet20')!.build();
    const acts = doc.nodes.filter((n) => n.type === 'Activation').map((n) => n.id);
    expect(acts.length).toBeGreaterThan(1);
    const before = analyse(doc);
    const spec = CATALOGUE.Activation.params.negativeSlope as { visibleIf: (p: Params) => boolean };
    const visibleIf = vi.spyOn(spec, 'visibleIf');
    doc = setParams(doc, doc.nodes.find((n) => n.type === 'Input')!.id, { height: 40, width: 40 });
    const after = analyse(doc, before);
    expect(acts.every((id) => after.nodes.get(id)!.shape !== before.nodes.get(id)!.shape)).toBe(true);
    expect(visibleIf).not.toHaveBeenCalled();
    visibleIf.mockRestore();
    expect(view(after)).toEqual(view(analyse(doc)));
  });

  it('a parameter edit that adds a tfjs layer (explicit padding) re-checks the depth limit', () => {
    const ids = ['input', 'conv', ...Array.from({ length: MAX_DEPTH - 2 }, (_, i) => `relu${i + 1}`)];
    const doc: GraphDoc = {
      format: 'cnn-designer',
      version: 2,
      metadata: { name: 'deep' },
      nodes: ids.map((id, i) => {
        const type = i === 0 ? 'Input' : i === 1 ? 'Conv2D' : 'Activation';
        return {
          id,
          type,
          // A linear conv: a fused relu before the ReLU nodes would add a double-activation warning.
          params: {
            ...defaultsFor(type),
            ...(i === 0 ? { height: 4, width: 4, channels: 1 } : i === 1 ? { activation: 'linear' } : {}),
          },
          position: { x: 0, y: i },
        };
      }),
      edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], target: id, targetPort: 'in' })),
    };
    const before = analyse(doc);
    expect(before.totals.errors).toBe(0);
    const padded = setParams(doc, 'conv', { padding: 'explicit', pad: [0, 0] });
    const after = analyse(padded, before);
    expect(after.problems.map((p) => `${p.code}@${p.nodeId}`)).toEqual([`too-deep@relu${MAX_DEPTH - 2}`]);
    expect(view(after)).toEqual(view(analyse(padded)));
    expect(analyse(doc, after).totals.errors).toBe(0);
  });
});

describe('random wiring never breaks the validator', () => {
  it('cycles, self-loops, wrong ports, several inputs and outputs all give problems, never exceptions', () => {
    const node = fc.record({ type: fc.constantFrom(...LAYER_TYPES), x: fc.nat(100) });
    const edge = fc.record({
      s: fc.nat(),
      t: fc.nat(),
      port: fc.constantFrom('in', 'main', 'skip', 'in1', 'in2', 'in3', 'bogus'),
    });
    fc.assert(
      fc.property(fc.array(node, { minLength: 0, maxLength: 12 }), fc.array(edge, { maxLength: 20 }), (ns, es) => {
        const nodes = ns.map((n, i) => ({
          id: `n${i}`,
          type: n.type,
          params: { ...Object.fromEntries(Object.entries(CATALOGUE[n.type].params).map(([k, s]) => [k, s.default])) },
          position: { x: n.x, y: 0 },
        }));
        const edges = nodes.length
          ? es.map((e, i) => ({
              id: `e${i}`,
              source: `n${e.s % nodes.length}`,
              target: `n${e.t % nodes.length}`,
              targetPort: e.port,
            }))
          : [];
        const doc: GraphDoc = { format: 'cnn-designer', version: 2, metadata: { name: 'x' }, nodes, edges };
        const a = analyse(doc);
        expect(a.problems.filter((p) => p.code === 'internal')).toEqual([]);
        expect(a.nodes.size).toBe(nodes.length);
      }),
      { numRuns: 500 },
    );
  });
});
