// TF.js Layers model (model.json + weight files) -> an editable GraphDoc with its weights. Keras
// layer classes map onto the catalogue's layer types; what has no counterpart is listed, all at once.
import { analyse, CURRENT_VERSION, defaultsFor, layerName, type GraphDoc, type GraphEdge, type GraphNode, type LayerType, type Params } from '../graph';
import { FUSED_ACTIVATIONS } from '../graph/layers/common';
import { elementCount, type ExportTensor } from './types';

export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(message: string, readonly unsupported: readonly string[] = []) { super(message); }
}

export interface ImportResult {
  readonly doc: GraphDoc;
  /** tfjs weight name -> tensor, named for the imported graph ('conv1/kernel'). */
  readonly weights: Map<string, ExportTensor>;
  readonly warnings: readonly string[];
}

interface KLayer { readonly className: string; readonly name: string; readonly config: Record<string, any>; readonly inbound: string[] }

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const pair = (v: unknown, what: string): [number, number] => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0], v[1]];
  throw new ImportError(`${what} is ${JSON.stringify(v)}: expected a number or two numbers.`);
};

/** The Keras layer list of model.json's topology (functional or sequential). */
function kerasLayers(topology: Obj): { layers: KLayer[]; inputs: string[]; outputs: string[] } {
  const top = isObj(topology.model_config) ? topology.model_config : topology;
  const cls = top.class_name;
  const config = top.config;
  if (cls === 'Sequential') {
    const list: Obj[] = Array.isArray(config) ? config : isObj(config) && Array.isArray(config.layers) ? config.layers : [];
    const layers: KLayer[] = [];
    let prev: string | null = null;
    for (const l of list) {
      const c = isObj(l.config) ? l.config : {};
      const name = String(c.name ?? l.name ?? `layer${layers.length + 1}`);
      if (!prev && l.class_name !== 'InputLayer') {
        const shape = c.batch_input_shape ?? c.batch_shape;
        if (!Array.isArray(shape)) throw new ImportError(`The first layer (${name}) has no batch_input_shape: the model's input size is unknown.`);
        layers.push({ className: 'InputLayer', name: 'input', config: { batch_input_shape: shape }, inbound: [] });
        prev = 'input';
      }
      layers.push({ className: String(l.class_name), name, config: c, inbound: prev ? [prev] : [] });
      prev = name;
    }
    return { layers, inputs: [layers[0]?.name], outputs: prev ? [prev] : [] };
  }
  if ((cls === 'Model' || cls === 'Functional') && isObj(config) && Array.isArray(config.layers)) {
    const layers = (config.layers as Obj[]).map((l): KLayer => {
      const inbound: string[] = [];
      const nodes = Array.isArray(l.inbound_nodes) ? l.inbound_nodes : [];
      if (nodes.length > 1) throw new ImportError(`Layer ${l.name} is applied ${nodes.length} times (shared weights), which the editor cannot represent.`);
      for (const n of nodes) {
        if (Array.isArray(n)) for (const t of n) inbound.push(String(t[0]));
        else if (isObj(n) && Array.isArray(n.args)) {
          const hist = (a: any): void => { if (isObj(a) && isObj(a.config) && Array.isArray(a.config.keras_history)) inbound.push(String(a.config.keras_history[0])); else if (Array.isArray(a)) a.forEach(hist); };
          n.args.forEach(hist);
        }
      }
      return { className: String(l.class_name), name: String(l.name ?? l.config?.name), config: isObj(l.config) ? l.config : {}, inbound };
    });
    const names = (v: unknown) => (Array.isArray(v) ? (Array.isArray(v[0]) ? v.map((x: any) => String(x[0])) : [String(v[0])]) : []);
    return { layers, inputs: names(config.input_layers), outputs: names(config.output_layers) };
  }
  throw new ImportError(`model.json holds a ${JSON.stringify(cls)} topology; only Keras/TF.js Sequential and functional (Model) layer models can be imported.`);
}

const ACT_KINDS: Record<string, string> = { relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', elu: 'elu' };

/** One Keras layer as a catalogue node (type + params), or the reason it cannot be one. */
function mapLayer(l: KLayer): { type: LayerType; params: Params } | { alias: true } | { unsupported: string } {
  const c = l.config;
  const channelsLast = c.data_format === undefined || c.data_format === null || c.data_format === 'channels_last';
  const act = (a: unknown) => (a === undefined || a === null ? 'linear' : String(a));
  const fused = (a: unknown) => (FUSED_ACTIVATIONS as readonly string[]).includes(act(a));
  switch (l.className) {
    case 'InputLayer': {
      const s = c.batch_input_shape ?? c.batch_shape;
      if (!Array.isArray(s) || s.length !== 4 || s.slice(1).some((d: unknown) => typeof d !== 'number')) {
        return { unsupported: `input shape ${JSON.stringify(s)}: only fixed-size images [batch, height, width, channels] are supported` };
      }
      return { type: 'Input', params: { height: s[1], width: s[2], channels: s[3] } };
    }
    case 'Conv2D': case 'DepthwiseConv2D': {
      if (!channelsLast) return { unsupported: 'channels_first data format' };
      if (!fused(c.activation)) return { unsupported: `activation ${act(c.activation)}` };
      if (c.padding !== 'valid' && c.padding !== 'same') return { unsupported: `padding ${JSON.stringify(c.padding)}` };
      if (c.groups !== undefined && c.groups !== 1) return { unsupported: `groups ${c.groups}` };
      const depthwise = l.className === 'DepthwiseConv2D';
      return { type: 'Conv2D', params: {
        filters: depthwise ? Number(c.depth_multiplier ?? 1) : Number(c.filters), kernel: pair(c.kernel_size, `${l.name}.kernel_size`),
        stride: pair(c.strides ?? 1, `${l.name}.strides`), padding: c.padding, dilation: pair(c.dilation_rate ?? 1, `${l.name}.dilation_rate`),
        groups: depthwise ? 0 : 1, bias: c.use_bias !== false, activation: act(c.activation),
      } };
    }
    case 'Conv2DTranspose': {
      if (!channelsLast) return { unsupported: 'channels_first data format' };
      if (!fused(c.activation)) return { unsupported: `activation ${act(c.activation)}` };
      const d = pair(c.dilation_rate ?? 1, `${l.name}.dilation_rate`);
      if (d[0] !== 1 || d[1] !== 1) return { unsupported: 'dilation' };
      if (c.output_padding !== undefined && c.output_padding !== null) return { unsupported: 'output_padding' };
      return { type: 'Conv2DTranspose', params: {
        filters: Number(c.filters), kernel: pair(c.kernel_size, `${l.name}.kernel_size`), stride: pair(c.strides ?? 1, `${l.name}.strides`),
        padding: c.padding, bias: c.use_bias !== false, activation: act(c.activation),
      } };
    }
    case 'MaxPooling2D': case 'AveragePooling2D': case 'MaxPool2D': case 'AvgPool2D': {
      if (!channelsLast) return { unsupported: 'channels_first data format' };
      const size = pair(c.pool_size ?? 2, `${l.name}.pool_size`);
      return { type: 'Pool', params: { mode: l.className.startsWith('Max') ? 'max' : 'avg', size, stride: pair(c.strides ?? size, `${l.name}.strides`), padding: c.padding ?? 'valid' } };
    }
    case 'GlobalAveragePooling2D': case 'GlobalMaxPooling2D': case 'GlobalAvgPool2D': case 'GlobalMaxPool2D':
      if (c.keepdims) return { unsupported: 'keepdims' };
      return { type: 'GlobalPool', params: { mode: l.className.startsWith('GlobalMax') ? 'max' : 'avg' } };
    case 'Activation': {
      const a = act(c.activation);
      if (a === 'linear') return { alias: true };
      if (a === 'softmax') return { type: 'Softmax', params: {} };
      return ACT_KINDS[a] ? { type: 'Activation', params: { kind: ACT_KINDS[a] } } : { unsupported: `activation ${a}` };
    }
    case 'ReLU':
      if ((c.max_value ?? null) !== null || (c.threshold ?? 0) !== 0) return { unsupported: 'max_value/threshold' };
      return (c.negative_slope ?? 0) === 0 ? { type: 'Activation', params: { kind: 'relu' } } : { type: 'Activation', params: { kind: 'leakyRelu', negativeSlope: c.negative_slope } };
    case 'LeakyReLU': return { type: 'Activation', params: { kind: 'leakyRelu', negativeSlope: Number(c.alpha ?? c.negative_slope ?? 0.3) } };
    case 'ELU': return (c.alpha ?? 1) === 1 ? { type: 'Activation', params: { kind: 'elu', alpha: 1 } } : { unsupported: `alpha ${c.alpha} (only 1)` };
    case 'PReLU': return { type: 'Activation', params: { kind: 'prelu' } };
    case 'Softmax': return c.axis === undefined || c.axis === -1 ? { type: 'Softmax', params: {} } : { unsupported: `axis ${c.axis}` };
    case 'BatchNormalization': {
      const axis = Array.isArray(c.axis) ? c.axis[0] : c.axis ?? -1;
      if (axis !== -1 && axis !== 3 && axis !== 1) return { unsupported: `axis ${JSON.stringify(c.axis)}` };
      if (c.center === false || c.scale === false) return { unsupported: 'center/scale turned off' };
      return { type: 'BatchNorm', params: { momentum: Number(c.momentum ?? 0.99), epsilon: Number(c.epsilon ?? 1e-3) } };
    }
    case 'Dropout': return { type: 'Dropout', params: { rate: Number(c.rate ?? 0.5) } };
    case 'Flatten': return { type: 'Flatten', params: {} };
    case 'Dense':
      if (!fused(c.activation)) return { unsupported: `activation ${act(c.activation)}` };
      return { type: 'Dense', params: { units: Number(c.units), activation: act(c.activation), bias: c.use_bias !== false } };
    case 'Add': return { type: 'Residual', params: { projection: 'none', stride: 1 } };
    case 'Concatenate': return c.axis === undefined || c.axis === -1 || c.axis === 3 ? { type: 'Concat', params: {} } : { unsupported: `axis ${c.axis} (only the channel axis)` };
    case 'ZeroPadding2D': return { unsupported: 'zero padding that does not feed a single valid Conv2D' };
    default: return { unsupported: 'no counterpart in the layer catalogue' };
  }
}

/** [[top, bottom], [left, right]] of a ZeroPadding2D. */
function zeroPadding(c: Obj): [[number, number], [number, number]] {
  const p = c.padding;
  if (typeof p === 'number') return [[p, p], [p, p]];
  if (Array.isArray(p) && p.length === 2) {
    const ax = (v: unknown): [number, number] => (typeof v === 'number' ? [v, v] : Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [NaN, NaN]);
    return [ax(p[0]), ax(p[1])];
  }
  return [[NaN, NaN], [NaN, NaN]];
}

/**
 * Imports model.json (text) with its weight files. `readWeights(path)` returns the bytes of a
 * path named in the weights manifest, or undefined when it is missing.
 */
export function importTfjsModel(modelJsonText: string, readWeights: (path: string) => Uint8Array | undefined): ImportResult {
  let mj: unknown;
  try { mj = JSON.parse(modelJsonText); } catch (e) {
    throw new ImportError(`model.json is not valid JSON (${(e as Error).message}): it may be truncated, or not a TF.js model file.`);
  }
  if (!isObj(mj)) throw new ImportError('model.json is not a TF.js model: expected a JSON object with "modelTopology".');
  if (mj.format === 'graph-model' || isObj(mj.modelTopology) && Array.isArray(mj.modelTopology.node)) {
    throw new ImportError('This is a TF.js graph model (converted from a SavedModel): it has no layers to edit. Only TF.js Layers models (tf.LayersModel.save, or the converter\'s keras/tfjs_layers_model output) can be imported.');
  }
  if (!isObj(mj.modelTopology)) {
    if (mj.format === 'cnn-designer') throw new ImportError('This is a CNN Designer project, not a TF.js model: open it as a project.');
    throw new ImportError('model.json has no "modelTopology": it is not a TF.js Layers model.');
  }
  const { layers, inputs, outputs } = kerasLayers(mj.modelTopology);
  if (inputs.length !== 1 || outputs.length !== 1) throw new ImportError(`The model has ${inputs.length} inputs and ${outputs.length} outputs; the editor supports one of each.`);
  const byName = new Map(layers.map((l) => [l.name, l]));
  const consumers = new Map<string, KLayer[]>();
  for (const l of layers) for (const s of l.inbound) { if (!consumers.has(s)) consumers.set(s, []); consumers.get(s)!.push(l); }

  // Fold the layers our own exports split off: `X__pad` (ZeroPadding2D) into conv X, `X__proj`/`X__bn` into Residual X.
  const foldedPad = new Map<string, [[number, number], [number, number]]>();
  const foldedProj = new Map<string, { stride: number; bn: boolean }>();
  const skip = new Set<string>();
  const unsupported: string[] = [];
  for (const l of layers) {
    if (l.className !== 'ZeroPadding2D') continue;
    const cons = consumers.get(l.name) ?? [];
    const pads = zeroPadding(l.config);
    const conv = cons[0];
    if (cons.length === 1 && conv.className === 'Conv2D' && conv.config.padding === 'valid' && pads[0][0] === pads[0][1] && pads[1][0] === pads[1][1]) {
      foldedPad.set(conv.name, pads);
      skip.add(l.name);
    }
  }
  for (const l of layers) {
    if (l.className !== 'Add' || l.inbound.length !== 2) continue;
    const proj = byName.get(`${l.name}__proj`), bn = byName.get(`${l.name}__bn`);
    if (!proj || proj.className !== 'Conv2D' || proj.config.use_bias !== false) continue;
    const s = pair(proj.config.strides ?? 1, `${proj.name}.strides`);
    const k = pair(proj.config.kernel_size, `${proj.name}.kernel_size`);
    if (k[0] !== 1 || k[1] !== 1 || s[0] !== s[1]) continue;
    const hasBn = !!bn && bn.inbound[0] === proj.name && l.inbound[1] === bn.name && Math.abs(Number(bn.config.epsilon) - 1e-5) < 1e-12;
    if (!hasBn && l.inbound[1] !== proj.name) continue;
    foldedProj.set(l.name, { stride: s[0], bn: hasBn });
    skip.add(proj.name);
    if (hasBn) skip.add(bn!.name);
  }

  // Node ids from layer names (ids are [A-Za-z0-9_.-]{1,64}).
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const l of layers) {
    let base = l.name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 56) || 'layer';
    if (base.includes('__')) base = base.replace(/__+/g, '_');
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}_${k}`;
    taken.add(id);
    ids.set(l.name, id);
  }
  /** Where a layer's output comes from after folding and aliases. */
  const alias = new Map<string, string>();
  const source = (name: string): string => {
    let n = name;
    for (let guard = 0; alias.has(n) && guard < 10_000; guard++) n = alias.get(n)!;
    return n;
  };
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const depthwise = new Set<string>();
  const weightLayer = new Map<string, string>(); // Keras layer name -> tfjs layer name in the imported graph
  for (const l of layers) {
    if (skip.has(l.name)) {
      if (l.className === 'ZeroPadding2D') alias.set(l.name, l.inbound[0]);
      continue;
    }
    const m = mapLayer(l);
    if ('unsupported' in m) { unsupported.push(`${l.name} (${l.className}): ${m.unsupported}`); continue; }
    if ('alias' in m) { alias.set(l.name, l.inbound[0]); continue; }
    const id = ids.get(l.name)!;
    let params: Params = { ...defaultsFor(m.type), ...m.params };
    if (m.type === 'Conv2D' && foldedPad.has(l.name)) {
      const [[t], [lft]] = foldedPad.get(l.name)!;
      const k = params.kernel as [number, number], d = params.dilation as [number, number];
      const full = t === d[0] * (k[0] - 1) && lft === d[1] * (k[1] - 1);
      params = { ...params, padding: full ? 'full' : 'explicit', pad: [t, lft] };
    }
    if (m.type === 'Residual' && foldedProj.has(l.name)) {
      const f = foldedProj.get(l.name)!;
      params = { ...params, projection: f.bn ? 'conv_bn' : 'conv', stride: f.stride };
    }
    if (m.type === 'Concat') params = { ...params, inputs: l.inbound.length };
    if (m.type === 'Conv2D' && l.className === 'DepthwiseConv2D') depthwise.add(id);
    nodes.push({ id, type: m.type, params, position: { x: 0, y: 0 } });
    weightLayer.set(l.name, layerName(id));
    if (foldedProj.has(l.name)) {
      weightLayer.set(`${l.name}__proj`, `${layerName(id)}__proj`);
      weightLayer.set(`${l.name}__bn`, `${layerName(id)}__bn`);
    }
  }
  if (unsupported.length) {
    throw new ImportError(`${unsupported.length} layer(s) cannot be imported:\n${unsupported.map((u) => `  - ${u}`).join('\n')}`, unsupported);
  }
  const made = new Set(nodes.map((n) => n.id));
  for (const l of layers) {
    const id = ids.get(l.name)!;
    if (!made.has(id)) continue;
    const node = nodes.find((n) => n.id === id)!;
    const srcs = node.type === 'Residual' && foldedProj.has(l.name)
      ? [l.inbound[0], byName.get(`${l.name}__proj`)!.inbound[0]]
      : l.inbound;
    const ports = node.type === 'Residual' ? ['main', 'skip'] : node.type === 'Concat' ? srcs.map((_, i) => `in${i + 1}`) : ['in'];
    if (node.type !== 'Input' && srcs.length !== ports.length) throw new ImportError(`Layer ${l.name} (${l.className}) has ${srcs.length} inputs; the editor's ${node.type} takes ${ports.length}.`);
    srcs.forEach((s, i) => edges.push({ id: `e${edges.length + 1}`, source: ids.get(source(s))!, target: id, targetPort: ports[i] }));
  }

  let doc: GraphDoc = {
    format: 'cnn-designer', version: CURRENT_VERSION,
    metadata: { name: String(mj.modelTopology.model_config?.config?.name ?? mj.modelTopology.config?.name ?? 'Imported model'), description: 'Imported from a TF.js Layers model.' },
    nodes: layout(nodes, edges), edges,
  };
  // Depthwise convolutions: groups and filters follow from the input channels, known after inference.
  for (let pass = 0; pass <= depthwise.size && depthwise.size; pass++) {
    const a = analyse(doc);
    let changed = false;
    doc = { ...doc, nodes: doc.nodes.map((n) => {
      if (!depthwise.has(n.id) || n.params.groups !== 0) return n;
      const s = a.nodes.get(n.id)?.inputShapes[0];
      if (!s || s.length !== 3) return n;
      changed = true;
      return { ...n, params: { ...n.params, groups: s[2], filters: s[2] * (n.params.filters as number) } };
    }) };
    if (!changed) break;
  }
  const warnings: string[] = [];
  const weights = readManifest(mj, readWeights, weightLayer, warnings);
  return { doc, weights, warnings };
}

function readManifest(mj: Obj, readWeights: (path: string) => Uint8Array | undefined, weightLayer: Map<string, string>, warnings: string[]): Map<string, ExportTensor> {
  const out = new Map<string, ExportTensor>();
  const manifest = mj.weightsManifest;
  if (!Array.isArray(manifest)) throw new ImportError('model.json has no "weightsManifest": the weights cannot be found.');
  for (const group of manifest) {
    if (!isObj(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new ImportError('model.json: a weightsManifest entry lacks "paths" or "weights".');
    const parts: Uint8Array[] = [];
    for (const p of group.paths) {
      const b = readWeights(String(p));
      if (!b) throw new ImportError(`The weights file ${JSON.stringify(p)} named in model.json is missing: select it together with model.json.`);
      parts.push(b);
    }
    const total = parts.reduce((a, b) => a + b.byteLength, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const p of parts) { buf.set(p, o); o += p.byteLength; }
    const view = new DataView(buf.buffer);
    let offset = 0;
    for (const w of group.weights) {
      const shape: number[] = Array.isArray(w.shape) ? w.shape.map(Number) : [];
      const n = elementCount(shape);
      if (w.quantization) throw new ImportError(`Weight ${w.name} is quantized (${JSON.stringify(w.quantization.dtype)}); only float32 weights can be imported.`);
      if (w.dtype !== 'float32') throw new ImportError(`Weight ${w.name} has dtype ${w.dtype}; only float32 weights can be imported.`);
      if (offset + n * 4 > total) throw new ImportError(`The weights files hold ${total} bytes but model.json needs at least ${offset + n * 4} (at ${w.name}): they are truncated or belong to another model.`);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(offset + i * 4, true);
      offset += n * 4;
      const segs = String(w.name).split('/');
      const param = segs.pop()!;
      const kl = segs.pop() ?? '';
      const target = weightLayer.get(kl);
      if (!target) { warnings.push(`Ignored weight ${w.name}: no imported layer ${kl}.`); continue; }
      out.set(`${target}/${param}`, { shape, data });
    }
    if (offset !== total) warnings.push(`The weights files hold ${total - offset} bytes more than model.json describes.`);
  }
  return out;
}

/** A layered top-to-bottom layout (rank = longest path from the input); the editor can re-lay out. */
function layout(nodes: GraphNode[], edges: GraphEdge[]): GraphNode[] {
  const rank = new Map<string, number>();
  for (const n of nodes) {
    const ins = edges.filter((e) => e.target === n.id).map((e) => rank.get(e.source) ?? 0);
    rank.set(n.id, ins.length ? Math.max(...ins) + 1 : 0);
  }
  const perRank = new Map<number, number>();
  return nodes.map((n) => {
    const r = rank.get(n.id)!;
    const col = perRank.get(r) ?? 0;
    perRank.set(r, col + 1);
    return { ...n, position: { x: col * 260, y: r * 110 } };
  });
}
