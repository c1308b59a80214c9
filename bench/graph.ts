// Graph engine benchmark: analyse (shapes + receptive fields + problems + counts) 1,000-node
// graphs, a chain and a residual-heavy net: full pass and re-analysis after one parameter edit.
// Median of 50 runs each. Run: npx tsx bench/graph.ts
import {
  analyse,
  emptyDoc,
  addNode,
  connect,
  setParams,
  type GraphDoc,
  type LayerType,
  type Params,
} from '../shared/graph';

function builder() {
  let doc: GraphDoc = emptyDoc('bench');
  let n = 0;
  const add = (type: LayerType, params: Params, from: Record<string, string>) => {
    const r = addNode(doc, type, { x: 0, y: n++ * 100 }, params);
    doc = r.doc;
    for (const [port, src] of Object.entries(from)) doc = connect(doc, src, r.id, port).doc;
    return r.id;
  };
  return {
    add,
    get doc() {
      return doc;
    },
  };
}

export function chainGraph(nodes = 1000): GraphDoc {
  const b = builder();
  let h = b.add('Input', { height: 64, width: 64, channels: 16 }, {});
  const cycle: [LayerType, Params][] = [
    ['Conv2D', { filters: 16, kernel: [3, 3], padding: 'same', activation: 'linear' }],
    ['BatchNorm', {}],
    ['Activation', { kind: 'relu' }],
    ['Dropout', { rate: 0.1 }],
  ];
  for (let i = 0; i < nodes - 4; i++) h = b.add(...cycle[i % cycle.length], { in: h });
  h = b.add('GlobalPool', {}, { in: h });
  h = b.add('Dense', { units: 10 }, { in: h });
  b.add('Softmax', {}, { in: h });
  return b.doc;
}

export function residualGraph(nodes = 1000): GraphDoc {
  const b = builder();
  let h = b.add('Input', { height: 32, width: 32, channels: 16 }, {});
  let count = 1;
  while (count + 7 + 3 <= nodes) {
    let m = b.add(
      'Conv2D',
      { filters: 16, kernel: [3, 3], padding: 'same', bias: false, activation: 'linear' },
      { in: h },
    );
    m = b.add('BatchNorm', {}, { in: m });
    m = b.add('Activation', { kind: 'relu' }, { in: m });
    m = b.add('Conv2D', { filters: 16, kernel: [3, 3], padding: 'same', bias: false, activation: 'linear' }, { in: m });
    m = b.add('BatchNorm', {}, { in: m });
    const add = b.add('Residual', { projection: 'none' }, { main: m, skip: h });
    h = b.add('Activation', { kind: 'relu' }, { in: add });
    count += 7;
  }
  while (count + 3 < nodes) {
    h = b.add('Dropout', { rate: 0.1 }, { in: h });
    count++;
  }
  h = b.add('GlobalPool', {}, { in: h });
  h = b.add('Dense', { units: 10 }, { in: h });
  b.add('Softmax', {}, { in: h });
  return b.doc;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = 50): number {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export interface GraphBenchRow {
  graph: string;
  nodes: number;
  case: string;
  ms: number;
  target: number;
}

export function runGraphBench(): GraphBenchRow[] {
  const rows: GraphBenchRow[] = [];
  for (const [name, doc] of [
    ['chain', chainGraph()],
    ['residual', residualGraph()],
  ] as const) {
    const base = analyse(doc);
    if (base.totals.errors) throw new Error(`${name} graph has errors: ${base.problems[0].message}`);
    rows.push({ graph: name, nodes: doc.nodes.length, case: 'full analysis', ms: time(() => analyse(doc)), target: 5 });
    const convs = doc.nodes.filter((n) => n.type === 'Conv2D');
    const drops = doc.nodes.filter((n) => n.type === 'Dropout' || n.type === 'Activation');
    const mid = convs[Math.floor(convs.length / 2)],
      last = convs[convs.length - 1],
      flat = drops[Math.floor(drops.length / 2)];
    // Alternate two values so every run is a real edit against the previous analysis.
    const editCase = (label: string, id: string, a: Params, b: Params) => {
      let prev = base,
        k = 0;
      const docs = [setParams(doc, id, a), setParams(doc, id, b)];
      rows.push({
        graph: name,
        nodes: doc.nodes.length,
        case: label,
        ms: time(() => {
          prev = analyse(docs[k++ % 2], prev);
        }),
        target: 1,
      });
    };
    editCase(
      'edit: activation/rate in the middle (nothing downstream changes)',
      flat.id,
      flat.type === 'Dropout' ? { rate: 0.2 } : { kind: 'elu' },
      flat.type === 'Dropout' ? { rate: 0.1 } : { kind: 'relu' },
    );
    editCase('edit: last conv kernel 3x3 -> 5x5', last.id, { kernel: [5, 5] }, { kernel: [3, 3] });
    editCase(
      'edit: middle conv kernel (receptive fields of ~500 nodes change)',
      mid.id,
      { kernel: [5, 5] },
      { kernel: [3, 3] },
    );
    editCase('edit: middle conv filters (shapes change up to the next conv)', mid.id, { filters: 32 }, { filters: 16 });
  }
  return rows;
}

export function printGraphBench(rows: GraphBenchRow[]) {
  console.log('\nGraph engine: analysis of 1,000-node graphs (median of 50 runs, ms)');
  for (const r of rows)
    console.log(
      `  ${r.graph.padEnd(9)} ${String(r.nodes).padStart(5)} nodes  ${r.case.padEnd(70)} ${r.ms.toFixed(3).padStart(8)} ms  (target < ${r.target} ms) ${r.ms < r.target ? 'ok' : 'OVER'}`,
    );
}
