// TF.js Layers model (model.json + weight files) -> an editable GraphDoc with its weights. Keras
// layer classes map onto the catalogue's layer types; what has no counterpart is listed, all at once.
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
} from '../graph';
import type { KerasLayer, KerasModel, KerasRead } from '../graph/layer';
import { KerasConfigError } from '../graph/layers/keras';
import { elementCount, type ExportTensor } from './types';
import { english, errorText, joinMsgs, msg, type Msg, type MsgOrText } from '../i18n/msg';

/** A model that cannot be imported; `msg` is the message as data (key + params), `message` its English. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly msg: Msg;
  constructor(
    m: MsgOrText,
    readonly unsupported: readonly string[] = [],
  ) {
    const t = errorText(m);
    super(t.message);
    this.msg = t.msg;
  }
}

export interface ImportResult {
  readonly doc: GraphDoc;
  /** tfjs weight name -> tensor, named for the imported graph ('conv1/kernel'). */
  readonly weights: Map<string, ExportTensor>;
  readonly warnings: readonly string[];
}

interface KLayer extends KerasLayer {
  readonly config: Record<string, any>;
  readonly inbound: string[];
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Keras layer list of model.json's topology (functional or sequential). */
function kerasLayers(topology: Obj): { layers: KLayer[]; inputs: string[]; outputs: string[] } {
  const top = isObj(topology.model_config) ? topology.model_config : topology;
  const cls = top.class_name;
  const config = top.config;
  if (cls === 'Sequential') {
    const list: Obj[] = Array.isArray(config)
      ? config
      : isObj(config) && Array.isArray(config.layers)
        ? config.layers
        : [];
    const layers: KLayer[] = [];
    let prev: string | null = null;
    for (const l of list) {
      const c = isObj(l.config) ? l.config : {};
      const name = String(c.name ?? l.name ?? `layer${layers.length + 1}`);
      if (!prev && l.class_name !== 'InputLayer') {
        const shape = c.batch_input_shape ?? c.batch_shape;
        if (!Array.isArray(shape)) throw new ImportError(msg('errors3.tfjs.noInputShape', { name }));
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
      if (nodes.length > 1)
        throw new ImportError(msg('errors3.tfjs.shared', { name: String(l.name), n: nodes.length }));
      for (const n of nodes) {
        if (Array.isArray(n)) for (const t of n) inbound.push(String(t[0]));
        else if (isObj(n) && Array.isArray(n.args)) {
          const hist = (a: any): void => {
            if (isObj(a) && isObj(a.config) && Array.isArray(a.config.keras_history))
              inbound.push(String(a.config.keras_history[0]));
            else if (Array.isArray(a)) a.forEach(hist);
          };
          n.args.forEach(hist);
        }
      }
      return {
        className: String(l.class_name),
        name: String(l.name ?? l.config?.name),
        config: isObj(l.config) ? l.config : {},
        inbound,
      };
    });
    const names = (v: unknown) =>
      Array.isArray(v) ? (Array.isArray(v[0]) ? v.map((x: any) => String(x[0])) : [String(v[0])]) : [];
    return { layers, inputs: names(config.input_layers), outputs: names(config.output_layers) };
  }
  throw new ImportError(msg('errors3.tfjs.topology', { cls: JSON.stringify(cls) }));
}

type Reader = (layer: KLayer, model: KerasModel) => KerasRead<Params>;
let readers: Map<string, { readonly type: LayerType; readonly read: Reader }> | null = null;

/** Keras class name -> the catalogue type that reads it (each definition's fromKeras). */
function kerasReaders() {
  if (readers) return readers;
  const map = new Map<string, { readonly type: LayerType; readonly read: Reader }>();
  for (const type of LAYER_TYPES) {
    for (const [cls, read] of Object.entries(CATALOGUE[type].fromKeras?.classes ?? {})) {
      const other = map.get(cls);
      if (other)
        throw new Error(`Keras class ${cls} is read by both ${other.type} and ${type}: give it to one of them.`);
      map.set(cls, { type, read });
    }
  }
  return (readers = map);
}

/** Why a Keras class is not read, naming the catalogue's nearest alternative (alt.keras.<class>) if it has one. */
const noCounterpart = (cls: string) =>
  nearestAlternative('keras', cls)
    ? msg('errors3.tfjs.noCounterpartNearest', { alt: msg(`alt.keras.${cls}`) })
    : msg('errors3.tfjs.noCounterpart');

/** One Keras layer read by its catalogue type; a malformed config is an ImportError. */
function readLayer(l: KLayer, model: KerasModel): { type: LayerType | null; read: KerasRead<Params> } {
  const owner = kerasReaders().get(l.className);
  if (!owner) {
    return {
      type: null,
      read: { unsupported: noCounterpart(l.className) },
    };
  }
  try {
    return { type: owner.type, read: owner.read(l, model) };
  } catch (e) {
    if (e instanceof KerasConfigError) throw new ImportError(e.msg);
    throw e;
  }
}

/** `base` with the values a reader set (it leaves out the rest). */
function patched(base: Params, patch: Readonly<Record<string, ParamValue | undefined>>): Params {
  const out: Record<string, ParamValue> = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Imports model.json (text) with its weight files. `readWeights(path)` returns the bytes of a
 * path named in the weights manifest, or undefined when it is missing.
 */
export function importTfjsModel(
  modelJsonText: string,
  readWeights: (path: string) => Uint8Array | undefined,
): ImportResult {
  let mj: unknown;
  try {
    mj = JSON.parse(modelJsonText);
  } catch (e) {
    throw new ImportError(msg('errors3.tfjs.json', { error: (e as Error).message }));
  }
  if (!isObj(mj)) throw new ImportError(msg('errors3.tfjs.notObject'));
  if (mj.format === 'graph-model' || (isObj(mj.modelTopology) && Array.isArray(mj.modelTopology.node))) {
    throw new ImportError(msg('errors3.tfjs.graphModel'));
  }
  if (!isObj(mj.modelTopology)) {
    if (mj.format === 'cnn-designer') throw new ImportError(msg('errors3.tfjs.project'));
    throw new ImportError(msg('errors3.tfjs.noTopology'));
  }
  const { layers, inputs, outputs } = kerasLayers(mj.modelTopology);
  if (inputs.length !== 1 || outputs.length !== 1)
    throw new ImportError(msg('errors3.tfjs.inputsOutputs', { inputs: inputs.length, outputs: outputs.length }));
  const byName = new Map(layers.map((l) => [l.name, l]));
  const consumers = new Map<string, KLayer[]>();
  for (const l of layers)
    for (const s of l.inbound) {
      if (!consumers.has(s)) consumers.set(s, []);
      consumers.get(s)!.push(l);
    }

  // Every layer read by its catalogue type; some fold in the layers our own exports split off
  // (`X__pad` into conv X, `X__proj`/`X__bn` into Residual X): those pass their input on.
  const model: KerasModel = { layer: (n) => byName.get(n), consumers: (n) => consumers.get(n) ?? [] };
  const reads = new Map(layers.map((l) => [l.name, readLayer(l, model)] as const));
  const absorbed = new Set<string>();
  for (const { read } of reads.values()) if ('absorbs' in read) for (const a of read.absorbs ?? []) absorbed.add(a);
  const unsupported: string[] = [];
  const unsupportedMsgs: Msg[] = [];

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
  const weightLayer = new Map<string, string>(); // Keras layer name -> tfjs layer name in the imported graph
  for (const l of layers) {
    const { type, read } = reads.get(l.name)!;
    if (absorbed.has(l.name)) {
      alias.set(l.name, l.inbound[0]);
      continue;
    }
    if ('unsupported' in read) {
      const m = msg('errors3.tfjs.item', {
        name: l.name,
        cls: l.className,
        why: read.unsupported,
      });
      unsupported.push(english(m));
      unsupportedMsgs.push(m);
      continue;
    }
    if ('alias' in read) {
      alias.set(l.name, l.inbound[0]);
      continue;
    }
    const nodeType = 'as' in read ? read.as : type!;
    const id = ids.get(l.name)!;
    nodes.push({ id, type: nodeType, params: patched(defaultsFor(nodeType), read.params), position: { x: 0, y: 0 } });
    weightLayer.set(l.name, layerName(id));
    // The weights of a folded-in `X__proj` belong to this node's `__proj` layer.
    for (const a of ('absorbs' in read ? read.absorbs : undefined) ?? []) {
      if (a.startsWith(`${l.name}__`)) weightLayer.set(a, `${layerName(id)}${a.slice(l.name.length)}`);
    }
  }
  if (unsupported.length) {
    throw new ImportError(
      msg('errors3.tfjs.unsupported', {
        n: unsupported.length,
        list: joinMsgs(
          unsupportedMsgs.map((m) => msg('errors3.import.line', { item: m })),
          'line',
        ),
      }),
      unsupported,
    );
  }
  const made = new Map(nodes.map((n) => [n.id, n]));
  for (const l of layers) {
    const node = made.get(ids.get(l.name)!);
    if (!node) continue;
    const ports = CATALOGUE[node.type].ports(node.params);
    if (l.inbound.length !== ports.length)
      throw new ImportError(
        msg('errors3.tfjs.ports', {
          name: l.name,
          cls: l.className,
          n: l.inbound.length,
          type: node.type,
          ports: ports.length,
        }),
      );
    l.inbound.forEach((s, i) =>
      edges.push({ id: `e${edges.length + 1}`, source: ids.get(source(s))!, target: node.id, targetPort: ports[i] }),
    );
  }

  let doc: GraphDoc = {
    format: 'cnn-designer',
    version: CURRENT_VERSION,
    metadata: {
      name: String(mj.modelTopology.model_config?.config?.name ?? mj.modelTopology.config?.name ?? 'Imported model'),
      description: 'Imported from a TF.js Layers model.',
    },
    nodes: layout(nodes, edges),
    edges,
  };
  // Params that follow from the input shapes, known after inference (a depthwise conv's groups and filters).
  const later = doc.nodes.filter((n) => CATALOGUE[n.type].fromKeras?.afterShapes).length;
  for (let pass = 0; pass <= later && later; pass++) {
    const a = analyse(doc);
    let changed = false;
    doc = {
      ...doc,
      nodes: doc.nodes.map((n) => {
        const after = CATALOGUE[n.type].fromKeras?.afterShapes;
        const s = after && a.nodes.get(n.id)?.inputShapes[0];
        const patch = after && s ? after(n.params, s) : null;
        if (!patch) return n;
        changed = true;
        return { ...n, params: patched(n.params, patch) };
      }),
    };
    if (!changed) break;
  }
  const warnings: string[] = [];
  const weights = readManifest(mj, readWeights, weightLayer, warnings);
  return { doc, weights, warnings };
}

function readManifest(
  mj: Obj,
  readWeights: (path: string) => Uint8Array | undefined,
  weightLayer: Map<string, string>,
  warnings: string[],
): Map<string, ExportTensor> {
  const out = new Map<string, ExportTensor>();
  const manifest = mj.weightsManifest;
  if (!Array.isArray(manifest)) throw new ImportError(msg('errors3.tfjs.noManifest'));
  for (const group of manifest) {
    if (!isObj(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights))
      throw new ImportError(msg('errors3.tfjs.badManifest'));
    const parts: Uint8Array[] = [];
    for (const p of group.paths) {
      const b = readWeights(String(p));
      if (!b) throw new ImportError(msg('errors3.tfjs.missingFile', { file: JSON.stringify(p) }));
      parts.push(b);
    }
    const total = parts.reduce((a, b) => a + b.byteLength, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      buf.set(p, o);
      o += p.byteLength;
    }
    const view = new DataView(buf.buffer);
    let offset = 0;
    for (const w of group.weights) {
      const shape: number[] = Array.isArray(w.shape) ? w.shape.map(Number) : [];
      const n = elementCount(shape);
      if (w.quantization)
        throw new ImportError(
          msg('errors3.tfjs.quantized', { name: String(w.name), dtype: String(JSON.stringify(w.quantization.dtype)) }),
        );
      if (w.dtype !== 'float32')
        throw new ImportError(msg('errors3.tfjs.dtype', { name: String(w.name), dtype: String(w.dtype) }));
      if (offset + n * 4 > total)
        throw new ImportError(
          msg('errors3.tfjs.truncated', { total: String(total), need: String(offset + n * 4), name: String(w.name) }),
        );
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(offset + i * 4, true);
      offset += n * 4;
      const segs = String(w.name).split('/');
      const param = segs.pop()!;
      const kl = segs.pop() ?? '';
      const target = weightLayer.get(kl);
      if (!target) {
        warnings.push(`Ignored weight ${w.name}: no imported layer ${kl}.`);
        continue;
      }
      out.set(`${target}/${param}`, { shape, data });
    }
    if (offset !== total)
      warnings.push(`The weights files hold ${total - offset} bytes more than model.json describes.`);
  }
  return out;
}

/** A layered top-to-bottom layout (rank = longest path from the input); the editor can re-lay out. */
export function layout(nodes: GraphNode[], edges: GraphEdge[]): GraphNode[] {
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
