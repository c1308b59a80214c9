// ONNX model (.onnx, e.g. torch.onnx.export of a torchvision net) -> an editable GraphDoc with its
// weights. Each op type is read by the catalogue type that owns it (LayerDef.fromOnnx); this file only
// decodes the file (bounded), orders the nodes, folds the constant shape arithmetic torch.onnx emits
// (Shape/Gather/Unsqueeze/Concat/Constant feeding a Reshape), and lists everything it cannot read at once.
import {
  analyse,
  CATALOGUE,
  CURRENT_VERSION,
  defaultsFor,
  LAYER_TYPES,
  layerName,
  nearestAlternative,
  type GraphDoc,
  type GraphEdge,
  type GraphNode,
  type LayerType,
  type ParamValue,
  type Params,
  type Shape,
} from '../graph';
import type { OnnxGraph, OnnxNode, OnnxRead } from '../graph/layer';
import { BATCH_DIM, OnnxConfigError } from '../graph/layers/onnxread';
import { ImportError, layout, type ImportResult } from './importTfjs';
import { dataTypeName, decodeOnnx, OnnxFormatError, ONNX_DT_FLOAT, type OnnxNodeProto } from './onnx/decode';
import { elementCount, type ExportTensor } from './types';
import { english, joinMsgs, msg, type Msg, type MsgParams } from '../i18n/msg';
import { permute } from './weights';

type Const = { readonly dims: readonly number[]; readonly data: Float32Array | readonly number[] };
type Reader = (node: OnnxNode, graph: OnnxGraph) => OnnxRead<Params>;

let readers: Map<string, { readonly type: LayerType; readonly read: Reader }> | null = null;

/** ONNX op type -> the catalogue type that reads it (each definition's fromOnnx). */
function onnxReaders() {
  if (readers) return readers;
  const map = new Map<string, { readonly type: LayerType; readonly read: Reader }>();
  for (const type of LAYER_TYPES) {
    for (const [op, read] of Object.entries(CATALOGUE[type].fromOnnx?.ops ?? {})) {
      const other = map.get(op);
      if (other) throw new Error(`ONNX op ${op} is read by both ${other.type} and ${type}: give it to one of them.`);
      map.set(op, { type, read: read as Reader });
    }
  }
  return (readers = map);
}

/** Ops that only ever appear here as shape arithmetic over constants. */
const FOLDED = new Set([
  'Shape',
  'Cast',
  'Unsqueeze',
  'Squeeze',
  'Gather',
  'Slice',
  'Sub',
  'Mul',
  'Div',
  'Transpose',
  'ConstantOfShape',
]);

const ELEMENTWISE: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => (Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b),
};

/** Folded shape arithmetic stays small: at most this many values per constant. */
const MAX_FOLDED = 1 << 16;

/** A constant of `dims` whose value at each index is x's at `from(index)`. */
function gatherIndex(x: Const, dims: readonly number[], from: (idx: number[]) => number[]): Const | undefined {
  const count = elementCount(dims);
  if (count > MAX_FOLDED) return undefined;
  const strides = x.dims.map((_, a) => elementCount(x.dims.slice(a + 1)));
  const out: number[] = [];
  const idx = dims.map(() => 0);
  for (let i = 0; i < count; i++) {
    const src = from(idx);
    if (src.some((v, a) => v < 0 || v >= x.dims[a])) return undefined;
    out.push(x.data[src.reduce((o, v, a) => o + v * strides[a], 0)]);
    for (let a = dims.length - 1; a >= 0; a--) {
      if (++idx[a] < dims[a]) break;
      idx[a] = 0;
    }
  }
  return { dims, data: x.data instanceof Float32Array ? Float32Array.from(out) : out };
}

/** Folds one node over constant inputs; undefined when it is not shape arithmetic we fold. */
function fold(n: OnnxNode, inputs: readonly (Const | null)[], shapeOf: (v: string) => Shape | null): Const | undefined {
  const ints = (c: Const | null) => (c ? [...c.data] : null);
  switch (n.opType) {
    case 'Shape': {
      if (inputs[0]) return { dims: [inputs[0].dims.length], data: [...inputs[0].dims] };
      const s = shapeOf(n.inputs[0]);
      if (!s) return undefined;
      const dims = s.length === 3 ? [BATCH_DIM, s[2], s[0], s[1]] : [BATCH_DIM, ...s];
      return { dims: [dims.length], data: dims };
    }
    case 'Cast':
    case 'Identity':
      return inputs[0] ?? undefined;
    case 'Unsqueeze':
    case 'Squeeze': {
      const x = inputs[0];
      if (!x) return undefined;
      const axes = ints(inputs[1] ?? null) ?? n.nums('axes', []);
      let dims: number[];
      if (n.opType === 'Unsqueeze') {
        const r = x.dims.length + axes.length;
        const at = new Set(axes.map((a) => (a < 0 ? a + r : a)));
        const rest = [...x.dims];
        dims = Array.from({ length: r }, (_, i) => (at.has(i) ? 1 : rest.shift()!));
      } else {
        const at = new Set(axes.map((a) => (a < 0 ? a + x.dims.length : a)));
        dims = x.dims.filter((d, i) => (axes.length ? !at.has(i) : d !== 1));
      }
      return { dims, data: x.data };
    }
    case 'Gather': {
      const x = ints(inputs[0]),
        idx = inputs[1];
      if (!x || !idx || n.num('axis', 0) !== 0 || inputs[0]!.dims.length !== 1) return undefined;
      const data = [...idx.data].map((i) => x[i < 0 ? i + x.length : i]);
      if (data.some((v) => v === undefined)) return undefined;
      return { dims: idx.dims, data };
    }
    case 'Concat': {
      if (inputs.some((c) => !c) || inputs.some((c) => c!.dims.length > 1)) return undefined;
      const data = inputs.flatMap((c) => [...c!.data]);
      return { dims: [data.length], data };
    }
    case 'Slice': {
      const x = inputs[0];
      const [starts, ends, axes, steps] = [1, 2, 3, 4].map((i) => ints(inputs[i] ?? null));
      if (!x || !starts || !ends) return undefined;
      const r = x.dims.length;
      const start = x.dims.map(() => 0),
        end = [...x.dims],
        step = x.dims.map(() => 1);
      for (let k = 0; k < starts.length; k++) {
        const ax = axes ? (axes[k] < 0 ? axes[k] + r : axes[k]) : k;
        const n = x.dims[ax],
          st = steps ? steps[k] : 1;
        if (n === undefined || !st) return undefined;
        const norm = (v: number) => (v < 0 ? v + n : v);
        // ONNX clamps to [0, n] going forwards and [-1, n - 1] going backwards.
        const lo = st > 0 ? 0 : -1,
          hi = st > 0 ? n : n - 1;
        start[ax] = Math.max(lo, Math.min(hi, norm(starts[k])));
        end[ax] = Math.max(lo, Math.min(hi, norm(ends[k])));
        step[ax] = st;
      }
      const dims = x.dims.map((_, a) => Math.max(0, Math.ceil((end[a] - start[a]) / step[a])));
      return gatherIndex(x, dims, (idx) => idx.map((v, a) => start[a] + v * step[a]));
    }
    case 'Transpose': {
      const x = inputs[0];
      if (!x) return undefined;
      const perm = n.nums(
        'perm',
        x.dims.map((_, i) => x.dims.length - 1 - i),
      );
      const dims = perm.map((p) => x.dims[p]);
      return gatherIndex(x, dims, (idx) => {
        const src = new Array<number>(idx.length);
        perm.forEach((p, i) => (src[p] = idx[i]));
        return src;
      });
    }
    case 'ConstantOfShape': {
      const shape = ints(inputs[0]);
      if (!shape || shape.some((v) => v < 0) || elementCount(shape) > MAX_FOLDED) return undefined;
      const v = n.tensor('value');
      const fill = v ? v.data[0] : 0;
      const count = elementCount(shape);
      return {
        dims: shape,
        data:
          v && v.data instanceof Float32Array
            ? new Float32Array(count).fill(fill)
            : new Array<number>(count).fill(fill),
      };
    }
    case 'Reshape': {
      const x = inputs[0],
        shape = ints(inputs[1]);
      if (!x || !shape) return undefined;
      const known = shape.filter((d) => d > 0).reduce((a, b) => a * b, 1);
      const dims = shape.map((d) => (d === -1 ? x.data.length / known : d));
      if (elementCount(dims) !== x.data.length) return undefined;
      return { dims, data: x.data };
    }
    default: {
      const op = ELEMENTWISE[n.opType];
      const a = ints(inputs[0]),
        b = ints(inputs[1]);
      if (!op || !a || !b || a.includes(BATCH_DIM) || b.includes(BATCH_DIM)) return undefined;
      if (a.length !== b.length && a.length !== 1 && b.length !== 1) return undefined;
      const len = Math.max(a.length, b.length);
      const data = Array.from({ length: len }, (_, i) => op(a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i]));
      return { dims: a.length >= b.length ? inputs[0]!.dims : inputs[1]!.dims, data };
    }
  }
}

/** The value of a Constant node. */
function constantNode(n: OnnxNodeProto): Const | undefined {
  const a = n.attrs.get('value');
  if (a?.kind === 't') return a.value;
  const f = n.attrs.get('value_float'),
    fs = n.attrs.get('value_floats'),
    i = n.attrs.get('value_int'),
    is = n.attrs.get('value_ints');
  if (f?.kind === 'f') return { dims: [], data: Float32Array.of(f.value) };
  if (fs?.kind === 'floats') return { dims: [fs.value.length], data: Float32Array.from(fs.value) };
  if (i?.kind === 'i') return { dims: [], data: [i.value] };
  if (is?.kind === 'ints') return { dims: [is.value.length], data: is.value };
  return undefined;
}

function view(n: OnnxNodeProto): OnnxNode {
  const get = (k: string) => n.attrs.get(k);
  return {
    opType: n.opType,
    name: n.name,
    inputs: n.inputs,
    outputs: n.outputs,
    attrNames: [...n.attrs.keys()],
    num(k, def) {
      const a = get(k);
      return a?.kind === 'i' || a?.kind === 'f' ? a.value : def;
    },
    nums(k, def) {
      const a = get(k);
      return a?.kind === 'ints' || a?.kind === 'floats' ? a.value : def;
    },
    str(k, def) {
      const a = get(k);
      return a?.kind === 's' ? a.value : def;
    },
    tensor(k) {
      const a = get(k);
      return a?.kind === 't' ? a.value : null;
    },
  };
}

const nodeText = (n: { opType: string; name: string }) => `${n.opType}${n.name ? ` "${n.name}"` : ''}`;

/** What the user chose for an ONNX import. */
export interface OnnxImportOptions {
  /**
   * Fold each BatchNormalization that is the only reader of a Conv's output into that conv's kernel and bias
   * (fewer parameters, the same outputs at inference; the folded net no longer trains batch statistics).
   */
  readonly foldBatchNorm?: boolean;
}

/** Imports the bytes of an .onnx file. `name` becomes the project's name. */
export function importOnnxModel(
  bytes: Uint8Array,
  name = 'Imported model',
  options: OnnxImportOptions = {},
): ImportResult {
  let model;
  try {
    model = decodeOnnx(bytes);
  } catch (e) {
    if (e instanceof OnnxFormatError) throw new ImportError(e.msg);
    throw e;
  }
  const g = model.graph;
  const warnings: string[] = [];
  const opset = model.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;
  if (opset && opset < 7) warnings.push(`The model uses opset ${opset}; the importer reads opset 7 and later.`);

  const consts = new Map<string, Const>();
  for (const t of g.initializers) {
    if (t.dataType !== ONNX_DT_FLOAT && !Array.isArray(t.data))
      throw new ImportError(msg('errors3.import.initializerType', { name: t.name, type: dataTypeName(t.dataType) }));
    consts.set(t.name, t);
  }
  const graphInputs = g.inputs.filter((i) => !consts.has(i.name));
  if (graphInputs.length !== 1)
    throw new ImportError(
      graphInputs.length
        ? msg('errors3.import.inputs', { n: graphInputs.length, names: graphInputs.map((i) => i.name).join(', ') })
        : msg('errors3.import.noInputs'),
    );
  const input = graphInputs[0];
  const d = input.dims;
  if (
    input.elemType !== ONNX_DT_FLOAT ||
    !d ||
    d.length !== 4 ||
    d.slice(1).some((v) => typeof v !== 'number' || v < 1)
  )
    throw new ImportError(
      msg('errors3.import.inputShape', {
        name: input.name,
        type: input.elemType === ONNX_DT_FLOAT ? '' : `${dataTypeName(input.elemType)} `,
        dims: (d ?? []).map((v) => v ?? '?').join(', '),
      }),
    );
  const [c, h, w] = d.slice(1) as number[];
  if (g.outputs.length !== 1) throw new ImportError(msg('errors3.import.outputs', { n: g.outputs.length }));

  // Order the nodes (Kahn); what is left over is a cycle or reads a value nothing produces.
  const producerOf = new Map<string, OnnxNodeProto>();
  for (const n of g.nodes) for (const o of n.outputs) if (o) producerOf.set(o, n);
  const consumersOf = new Map<string, OnnxNodeProto[]>();
  for (const n of g.nodes)
    for (const i of n.inputs) if (i) (consumersOf.get(i) ?? consumersOf.set(i, []).get(i)!).push(n);
  const pending = new Map<OnnxNodeProto, number>();
  const ready: OnnxNodeProto[] = [];
  for (const n of g.nodes) {
    const waits = new Set(n.inputs.filter((i) => i && producerOf.has(i))).size;
    pending.set(n, waits);
    if (!waits) ready.push(n);
  }
  const order: OnnxNodeProto[] = [];
  while (ready.length) {
    const n = ready.pop()!;
    order.push(n);
    const done = new Set<OnnxNodeProto>();
    for (const o of n.outputs)
      for (const m of consumersOf.get(o) ?? []) {
        if (done.has(m)) continue;
        done.add(m);
        const left = pending.get(m)! - new Set(m.inputs.filter((i) => n.outputs.includes(i))).size;
        pending.set(m, left);
        if (left === 0) ready.push(m);
      }
  }
  if (order.length !== g.nodes.length) {
    const stuck = g.nodes.find((n) => !order.includes(n))!;
    throw new ImportError(msg('errors3.import.cycle', { node: nodeText(stuck), n: g.nodes.length - order.length }));
  }
  for (const n of order)
    for (const i of n.inputs)
      if (i && !producerOf.has(i) && !consts.has(i) && i !== input.name)
        throw new ImportError(msg('errors3.import.dangling', { node: nodeText(n), value: i }));

  const views = new Map(order.map((n) => [n, view(n)] as const));
  const shapes = new Map<string, Shape>([[input.name, [h, w, c]]]);
  const refs = new Map<string, string>(); // ONNX value -> node id of the editor graph
  const poisoned = new Set<string>(); // values downstream of something unsupported
  const absorbed = new Set<OnnxNodeProto>();
  const inputId = 'input';
  refs.set(input.name, inputId);
  const nodes: GraphNode[] = [
    { id: inputId, type: 'Input', params: { height: h, width: w, channels: c }, position: { x: 0, y: 0 } },
  ];
  const edges: GraphEdge[] = [];
  const weights = new Map<string, ExportTensor>();
  const taken = new Set([inputId]);
  const unsupported: string[] = [];
  const unsupportedMsgs: Msg[] = [];
  /** A node that cannot be imported: why (a key under errors3.import.why, or a message) in English and as data. */
  const cannot = (where: string, why: string | Msg, params?: MsgParams) => {
    const m = msg('errors3.import.item', {
      where,
      why: typeof why === 'string' ? msg(`errors3.import.why.${why}`, params) : why,
    });
    unsupportedMsgs.push(m);
    unsupported.push(english(m));
  };

  const graph: OnnxGraph = {
    shape: (v) => shapes.get(v) ?? null,
    constant: (v) => consts.get(v) ?? null,
    weight(v, perm, reshape) {
      const t = consts.get(v);
      if (!t || !(t.data instanceof Float32Array))
        throw new OnnxConfigError(
          msg(t ? 'errors3.import.weightInteger' : 'errors3.import.weightComputed', { value: v }),
        );
      let dims = t.dims;
      if (reshape) {
        if (elementCount(reshape) !== t.data.length)
          throw new OnnxConfigError(
            msg('errors3.import.weightCount', { value: v, n: String(t.data.length), shape: reshape.join('x') }),
          );
        dims = reshape;
      }
      const base = { shape: [...dims], data: t.data };
      return perm && perm.some((p, i) => p !== i) ? permute(base, perm) : base;
    },
    producer: (v) => {
      const p = producerOf.get(v);
      return p ? views.get(p) : undefined;
    },
    consumers: (v) => (consumersOf.get(v) ?? []).map((n) => views.get(n)!),
    foldBatchNorm: options.foldBatchNorm === true,
    isOutput: (v) => g.outputs.some((o) => o.name === v),
  };

  const newId = (n: OnnxNodeProto, type: LayerType) => {
    let base = (n.name || `${n.opType}_${nodes.length}`).replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[_.-]+/, '');
    base = base.replace(/__+/g, '_').slice(0, 56) || CATALOGUE[type].idPrefix;
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}_${k}`;
    taken.add(id);
    return id;
  };

  for (const n of order) {
    if (absorbed.has(n)) continue;
    const v = views.get(n)!;
    const where = nodeText(n);
    if (n.inputs.some((i) => poisoned.has(i))) {
      // Downstream of something unsupported: listed only if its op type is unsupported too.
      if (n.opType !== 'Constant' && !onnxReaders().has(n.opType) && !FOLDED.has(n.opType)) {
        const alt = nearestAlternative('onnx', n.opType);
        cannot(where, alt ? 'noReaderNearest' : 'noReader', alt ? { alt: msg(`alt.onnx.${n.opType}`) } : undefined);
      }
      n.outputs.forEach((o) => poisoned.add(o));
      continue;
    }
    if (n.domain && n.domain !== 'ai.onnx') {
      cannot(where, 'domain', { domain: n.domain });
      n.outputs.forEach((o) => poisoned.add(o));
      continue;
    }
    if (n.opType === 'Constant') {
      const k = constantNode(n);
      if (k) consts.set(n.outputs[0], k);
      else cannot(where, 'constant');
      continue;
    }
    // Shape arithmetic over constants (and Shape of a computed value) folds to a constant.
    const ins = n.inputs.map((i) => (i ? (consts.get(i) ?? null) : null));
    const allConst = n.inputs.every((i, k) => !i || ins[k]);
    if (allConst || n.opType === 'Shape') {
      const k = fold(v, ins, graph.shape);
      if (k) {
        consts.set(n.outputs[0], k);
        continue;
      }
      if (allConst && n.inputs.some(Boolean)) {
        cannot(where, 'fold');
        continue;
      }
    }
    const owner = onnxReaders().get(n.opType);
    if (!owner) {
      const alt = nearestAlternative('onnx', n.opType);
      cannot(where, alt ? 'noReaderNearest' : 'noReader', alt ? { alt: msg(`alt.onnx.${n.opType}`) } : undefined);
      n.outputs.forEach((o) => poisoned.add(o));
      continue;
    }
    let read: OnnxRead<Params>;
    try {
      read = owner.read(v, graph);
    } catch (e) {
      if (e instanceof OnnxConfigError) throw new ImportError(msg('errors3.import.at', { where, error: e.msg }));
      throw e;
    }
    if ('unsupported' in read) {
      cannot(where, read.unsupported);
      n.outputs.forEach((o) => poisoned.add(o));
      continue;
    }
    if ('alias' in read) {
      const src = n.inputs[0];
      if (refs.has(src)) refs.set(n.outputs[0], refs.get(src)!);
      if (shapes.has(src)) shapes.set(n.outputs[0], shapes.get(src)!);
      continue;
    }
    const type = 'as' in read ? read.as : owner.type;
    const def = CATALOGUE[type];
    const params = patched(defaultsFor(type), read.params);
    const ports = def.ports(params);
    const sources = read.inputs ?? [n.inputs[0]];
    const inShapes = sources.map((s) => shapes.get(s));
    if (sources.length !== ports.length || sources.some((s) => !refs.has(s)) || inShapes.some((s) => !s)) {
      cannot(where, 'inputs');
      n.outputs.forEach((o) => poisoned.add(o));
      continue;
    }
    const id = newId(n, type);
    const inferred = def.infer({ nodeId: id, params, inputs: inShapes as Shape[], inEdges: [] });
    if (!inferred.shape) {
      const why = joinMsgs(
        (inferred.problems ?? []).map((p) => p.msg),
        'space',
      );
      cannot(where, 'infer', { type, why });
      n.outputs.forEach((o) => poisoned.add(o));
      continue;
    }
    nodes.push({ id, type, params, position: { x: 0, y: 0 } });
    sources.forEach((s, i) =>
      edges.push({ id: `e${edges.length + 1}`, source: refs.get(s)!, target: id, targetPort: ports[i] }),
    );
    for (const [param, t] of Object.entries(read.weights ?? {})) if (t) weights.set(`${layerName(id)}/${param}`, t);
    let out = n.outputs[0];
    for (const a of ('absorbs' in read ? read.absorbs : undefined) ?? []) {
      const proto = producerOf.get(a.outputs[0]);
      if (proto) absorbed.add(proto);
      out = a.outputs[0];
    }
    refs.set(out, id);
    shapes.set(out, inferred.shape);
  }
  if (unsupported.length)
    throw new ImportError(
      msg('errors3.import.unsupported', {
        n: unsupported.length,
        list: joinMsgs(
          unsupportedMsgs.map((m) => msg('errors3.import.line', { item: m })),
          'line',
        ),
      }),
      unsupported,
    );
  const outName = g.outputs[0].name;
  const outputId = refs.get(outName);
  if (!outputId) throw new ImportError(msg('errors3.import.constOutput', { name: outName }));
  if (outputId === inputId) throw new ImportError(msg('errors3.import.identity'));

  const doc: GraphDoc = {
    format: 'cnn-designer',
    version: CURRENT_VERSION,
    metadata: {
      name,
      description: `Imported from an ONNX model${model.producer ? ` written by ${model.producer}` : ''} (opset ${opset}).`,
    },
    nodes: layout(nodes, edges),
    edges,
  };
  // Nodes that do not lead to the output (dead branches) stay, but say so.
  const live = analyse(doc).live;
  const dead = doc.nodes.filter((n) => !live.has(n.id)).length;
  if (dead) warnings.push(`${dead} node(s) do not lead to the model's output.`);
  return { doc, weights, warnings };
}

function patched(base: Params, patch: Readonly<Record<string, ParamValue | undefined>>): Params {
  const out: Record<string, ParamValue> = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out;
}
