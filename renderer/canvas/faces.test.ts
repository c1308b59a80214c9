// The node face's fused activation (derive.ts), the wiring edits (wiring.ts) and the arrow-key walk
// (keyboard.ts), on real documents and the real analysis.
import { describe, expect, it } from 'vitest';
import { addNode, analyse, connect, emptyDoc, newNodeParams, type GraphDoc } from '../../shared/graph';
import { deriveViews, newDeriveCache } from './derive';
import { neighbour } from './keyboard';
import { freePorts, portForDrop, rewire, wireTo } from './wiring';

function doc(nodes: [string, string, Record<string, unknown>, number][], edges: [string, string, string?][]): GraphDoc {
  let d = emptyDoc();
  for (const [id, type, params, x] of nodes) d = addNode(d, type as never, { x, y: 0 }, params as never, id).doc;
  for (const [s, t, p] of edges) d = connect(d, s, t, p ?? 'in').doc;
  return d;
}
const wires = (d: GraphDoc) => d.edges.map((e) => `${e.source}->${e.target}.${e.targetPort}`).sort();

describe('node faces', () => {
  it('show the fused activation of any layer that has one (Conv2D, Dense), never of an activation node', () => {
    const d = doc(
      [
        ['in', 'Input', { height: 8, width: 8, channels: 1 }, 0],
        ['c', 'Conv2D', { activation: 'relu' }, 0],
        ['t', 'Conv2DTranspose', { activation: 'tanh' }, 0],
        ['a', 'Activation', { kind: 'relu' }, 0],
        ['f', 'Flatten', {}, 0],
        ['d', 'Dense', { units: 4, activation: 'sigmoid' }, 0],
        ['l', 'Dense', { units: 4, activation: 'linear' }, 0],
      ],
      [
        ['in', 'c'],
        ['c', 't'],
        ['t', 'a'],
        ['a', 'f'],
        ['f', 'd'],
        ['d', 'l'],
      ],
    );
    const v = deriveViews(d, analyse(d), newDeriveCache());
    const act = (id: string) => v.nodes.get(id)!.activation;
    expect(['c', 't', 'a', 'd', 'l'].map(act)).toEqual(['relu', 'tanh', '', 'sigmoid', '']);
    // Dense no longer repeats it in its summary.
    expect(v.nodes.get('d')!.summary).toBe('4 units');
  });

  it('a Conv2D added in the editor starts linear; a file that leaves the activation out still means relu', () => {
    expect(newNodeParams('Conv2D').activation).toBe('linear');
    expect(newNodeParams('Conv2DTranspose').activation).toBe('linear');
    expect(addNode(emptyDoc(), 'Conv2D', { x: 0, y: 0 }).doc.nodes[0].params.activation).toBe('linear');
  });
});

describe('wiring', () => {
  const base = () =>
    doc(
      [
        ['in', 'Input', { height: 8, width: 8, channels: 1 }, 0],
        ['a', 'Conv2D', {}, -100],
        ['b', 'Conv2D', {}, 100],
        ['cat', 'Concat', { inputs: 3 }, 0],
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'cat', 'in1'],
      ],
    );

  it('a wire onto a fed input replaces its feed in one edit; the same wire again changes nothing', () => {
    const d = base();
    const r = wireTo(d, 'a', 'b', 'in');
    expect(wires(r)).toEqual(['a->b.in', 'a->cat.in1', 'in->a.in']);
    expect(wireTo(r, 'a', 'b', 'in')).toBe(r);
    expect(wireTo(d, 'a', 'a', 'in')).toBe(d);
    expect(wireTo(d, 'a', 'b', 'nope')).toBe(d);
  });

  it('a drop on a body takes the nearest free input; with none free, the nearest input', () => {
    const d = base();
    expect(freePorts(d, 'cat')).toEqual(['in2', 'in3']);
    const at = new Map([
      ['in1', { x: 0, y: 0 }],
      ['in2', { x: 50, y: 0 }],
      ['in3', { x: 100, y: 0 }],
    ]);
    expect(portForDrop(d, 'cat', { x: 10, y: 30 }, at)).toBe('in2');
    expect(portForDrop(d, 'cat', { x: 90, y: 30 }, at)).toBe('in3');
    const full = wireTo(wireTo(d, 'b', 'cat', 'in2'), 'in', 'cat', 'in3');
    expect(portForDrop(full, 'cat', { x: 10, y: 30 }, at)).toBe('in1');
    expect(portForDrop(d, 'in', { x: 0, y: 0 }, at)).toBeNull();
  });

  it("moving an edge's end keeps its id and drops whatever fed the port it lands on", () => {
    const d = base();
    const e = d.edges.find((x) => x.source === 'a' && x.target === 'cat')!;
    const r = rewire(d, e.id, 'a', 'b', 'in');
    expect(wires(r)).toEqual(['a->b.in', 'in->a.in']);
    expect(r.edges.find((x) => x.id === e.id)!.target).toBe('b');
  });
});

describe('arrow keys', () => {
  it('down to a consumer, up to a feeder, left/right among siblings, nearest on screen first', () => {
    const d = doc(
      [
        ['in', 'Input', { height: 8, width: 8, channels: 1 }, 0],
        ['c1', 'Conv2D', {}, 0],
        ['l', 'Conv2D', {}, -200],
        ['r', 'Conv2D', {}, 200],
        ['add', 'Residual', {}, 10],
      ],
      [
        ['in', 'c1'],
        ['c1', 'l'],
        ['c1', 'r'],
        ['l', 'add', 'main'],
        ['c1', 'add', 'skip'],
      ],
    );
    expect(neighbour(d, 'in', 'ArrowDown')).toBe('c1');
    expect(neighbour(d, 'c1', 'ArrowDown')).toBe('add');
    expect(neighbour(d, 'add', 'ArrowLeft')).toBe('l');
    expect(neighbour(d, 'l', 'ArrowLeft')).toBeNull();
    expect(neighbour(d, 'add', 'ArrowRight')).toBe('r');
    expect(neighbour(d, 'r', 'ArrowUp')).toBe('c1');
    expect(neighbour(d, 'in', 'ArrowUp')).toBeNull();
  });
});
