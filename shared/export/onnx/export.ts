// GraphDoc + trained weights -> model.onnx (opset 13). Each layer type's mapping lives in its
// catalogue definition (LayerDef.onnx); this file only keeps names unique, collects nodes and
// initializers, and writes the protobuf. Tensors are NCHW: the model's input is [N, C, H, W].
import type { GraphDoc } from '../../graph';
import type { OnnxAttr, OnnxCtx } from '../../graph/layer';
import { plainText } from '../escape';
import { channelsFirst, walkGraph } from '../graphwalk';
import { messageOf, msg } from '../../i18n/msg';
import { ExportError, type ExportFile, type ExportTensor, type WeightMap } from '../types';
import type { ExportOptions } from '../options';
import { inputContract, metadataEntries } from '../options';
import { mappedWeight } from '../weights';
import { encodeMessage } from './encode';
import { onnxType, ONNX_FLOAT, ONNX_INT64 } from './schema';

export const ONNX_OPSET = 13;
/** IR version 7 goes with opset 13 (ONNX 1.8+). */
export const ONNX_IR_VERSION = 7;
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

const ATTR_TYPE = { f: 1, i: 2, s: 3, floats: 6, ints: 7 } as const;

function attribute(name: string, a: OnnxAttr) {
  if ('f' in a) return { name, type: ATTR_TYPE.f, f: a.f };
  if ('i' in a) return { name, type: ATTR_TYPE.i, i: a.i };
  if ('s' in a) return { name, type: ATTR_TYPE.s, s: new TextEncoder().encode(a.s) };
  if ('ints' in a) return { name, type: ATTR_TYPE.ints, ints: [...a.ints] };
  return { name, type: ATTR_TYPE.floats, floats: [...a.floats] };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function floatBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const out = new Uint8Array(data.length * 4);
  const v = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) v.setFloat32(i * 4, data[i], true);
  return out;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setBigInt64(i * 8, BigInt(x), true));
  return out;
}

const valueInfo = (name: string, dims: readonly (number | string)[]) => ({
  name,
  type: {
    tensor_type: {
      elem_type: ONNX_FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) },
    },
  },
});

/**
 * The ONNX ModelProto bytes for a graph and its weights. Throws ExportError naming the node that cannot be exported.
 * With `o.preprocessing` (and not `o.bare`) the graph starts with Mul + Add nodes doing training's preprocessing,
 * so "input" takes raw pixel values 0..255 as float32; `o.output: 'logits'` leaves out a final softmax;
 * `o.record` goes into metadata_props.
 */
export function buildOnnx(
  doc: GraphDoc,
  weights: WeightMap,
  producerVersion = '0.1.0',
  o: ExportOptions = {},
): Uint8Array {
  const walk = walkGraph(doc, 'ONNX');
  const used = new Set<string>([ONNX_INPUT, ONNX_OUTPUT]);
  const unique = (hint: string) => {
    const base = hint.replace(/[^A-Za-z0-9_.:/-]/g, '_') || 'v';
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
  const nodes: object[] = [];
  const initializers: object[] = [];
  const values = new Map<string, string>();
  const [c, h, w] = channelsFirst(walk.inputShape);
  const prep = o.bare ? null : (o.preprocessing ?? o.record?.preprocessing ?? null);
  let first = ONNX_INPUT;
  if (prep) {
    // x * (scale / std) + (-mean / std) per channel: (pixel * scale - mean) / std, as training's makeBatch.
    if (prep.mean.length !== c || prep.std.length !== c)
      throw new ExportError(
        `The preprocessing has ${prep.mean.length} channel(s) of mean and ${prep.std.length} of std; the model's input has ${c}.`,
      );
    const perChannel = (hint: string, v: number[]) => {
      const name = unique(hint);
      initializers.push({
        name,
        dims: [1, c, 1, 1],
        data_type: ONNX_FLOAT,
        raw_data: floatBytes(Float32Array.from(v)),
      });
      return name;
    };
    const mul = perChannel(
      'preprocess_scale',
      prep.std.map((s) => prep.scale / s),
    );
    const add = perChannel(
      'preprocess_shift',
      prep.mean.map((m, i) => -m / prep.std[i]),
    );
    const scaled = unique('preprocess_scaled');
    first = unique('preprocessed');
    nodes.push({ input: [ONNX_INPUT, mul], output: [scaled], name: scaled, op_type: 'Mul', attribute: [] });
    nodes.push({ input: [scaled, add], output: [first], name: first, op_type: 'Add', attribute: [] });
  }
  for (const step of walk.steps) {
    const { node, def } = step;
    const where = `${node.id} (${node.type})`;
    if (!def.onnx) throw new ExportError(msg('errors3.export.noMapping', { where, format: 'ONNX' }));
    const ctx: OnnxCtx<typeof node.params> = {
      params: node.params,
      inShapes: step.inShapes,
      outShape: step.outShape,
      name: step.name,
      inputs: step.sources.length ? step.sources.map((s) => values.get(s)!) : [first],
      weight: (layer, param, perm, shape) => mappedWeight(weights, where, layer, param, perm, shape),
      constant(hint, value) {
        const name = unique(hint);
        if ('int64' in value)
          initializers.push({
            name,
            dims: [value.int64.length],
            data_type: ONNX_INT64,
            raw_data: int64Bytes(value.int64),
          });
        else {
          const t = value as ExportTensor;
          initializers.push({ name, dims: [...t.shape], data_type: ONNX_FLOAT, raw_data: floatBytes(t.data) });
        }
        return name;
      },
      op(opType, inputs, attrs = {}, hint = node.id) {
        const out = unique(hint);
        nodes.push({
          input: [...inputs],
          output: [out],
          name: out,
          op_type: opType,
          attribute: Object.entries(attrs).map(([k, a]) => attribute(k, a)),
        });
        return out;
      },
    };
    try {
      values.set(node.id, def.onnx(ctx));
    } catch (e) {
      if (e instanceof ExportError) throw e;
      throw new ExportError(msg('errors3.export.at', { where, error: messageOf(e) }));
    }
  }
  let result = values.get(walk.outputId)!;
  if (o.output === 'logits') {
    // The scores before a final softmax (a Softmax node or a Dense/Conv's softmax activation).
    const last = nodes.findIndex((n) => (n as { output: string[] }).output[0] === result);
    const node = nodes[last] as { op_type: string; input: string[] } | undefined;
    if (node?.op_type === 'Softmax') {
      result = node.input[0];
      nodes.splice(last, 1);
    }
  }
  nodes.push({
    input: [result],
    output: [ONNX_OUTPUT],
    name: ONNX_OUTPUT,
    op_type: 'Identity',
    attribute: [],
  });
  const outDims =
    walk.outputShape.length === 3 ? ['N', ...channelsFirst(walk.outputShape)] : ['N', ...walk.outputShape];
  const model = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'CNN Designer',
    producer_version: producerVersion,
    model_version: 1,
    doc_string: `${plainText(doc.metadata.name)}. Input "${ONNX_INPUT}" is NCHW [N, ${c}, ${h}, ${w}] float32: ${inputContract(prep)}; output "${ONNX_OUTPUT}" is ${outDims.length === 4 ? 'NCHW ' : ''}[${outDims.join(', ')}]${o.output === 'logits' ? ' (logits: no softmax)' : ''}.`,
    metadata_props: metadataEntries(prep, o),
    graph: {
      name: doc.metadata.name.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'model',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, ['N', c, h, w])],
      output: [valueInfo(ONNX_OUTPUT, outDims)],
    },
  };
  return encodeMessage(onnxType('ModelProto'), model);
}

export function exportOnnx(doc: GraphDoc, weights: WeightMap, o: ExportOptions = {}, baseName = 'model'): ExportFile[] {
  return [{ name: `${baseName}.onnx`, bytes: buildOnnx(doc, weights, undefined, o) }];
}
