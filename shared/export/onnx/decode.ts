// A bounded reader of the ONNX protobuf (the fields of onnx.proto that describe a CNN's inference
// graph), written by hand over the wire format: protobufjs's decoders are compiled with new Function(),
// which the app's Content-Security-Policy forbids, and a hostile file must not make us allocate what it
// declares. Every length is checked against the bytes that are there before anything is copied, and the
// counts of nodes and tensors are capped.
import { errorText, msg, type Msg, type MsgOrText } from '../../i18n/msg';

/** A file the reader refuses; the importer reports it as an ImportError. */
export class OnnxFormatError extends Error {
  override readonly name = 'OnnxFormatError';
  readonly msg: Msg;
  constructor(m: MsgOrText, options?: ErrorOptions) {
    const t = errorText(m);
    super(t.message, options);
    this.msg = t.msg;
  }
}

/** At most this many nodes, initializers, attributes, inputs... in one graph (a CNN has a few thousand). */
export const MAX_ONNX_ITEMS = 100_000;
/** At most this many dimensions per tensor. */
const MAX_RANK = 8;
/** At most this many values in one tensor (2^28, limits.ts MAX_TENSOR_VALUES). */
const MAX_VALUES = 2 ** 28;

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  /** FLOAT tensors as float32; integer ones (INT64, INT32...) as numbers. */
  readonly data: Float32Array | readonly number[];
  readonly dataType: number;
}

export type OnnxAttrValue =
  | { readonly kind: 'f'; readonly value: number }
  | { readonly kind: 'i'; readonly value: number }
  | { readonly kind: 's'; readonly value: string }
  | { readonly kind: 't'; readonly value: OnnxTensor }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'other' };

export interface OnnxNodeProto {
  readonly opType: string;
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: ReadonlyMap<string, OnnxAttrValue>;
}

export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  /** Dimensions: a number, or a name (dim_param) / null where unknown. */
  readonly dims: readonly (number | string | null)[] | null;
}

export interface OnnxGraphProto {
  readonly name: string;
  readonly nodes: readonly OnnxNodeProto[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export interface OnnxModelProto {
  readonly irVersion: number;
  readonly producer: string;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly graph: OnnxGraphProto;
}

export const ONNX_DT_FLOAT = 1;
const INT_TYPES = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13]); // uint8 int8 uint16 int16 int32 int64 bool uint32 uint64
const TYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED',
  1: 'FLOAT',
  8: 'STRING',
  10: 'FLOAT16',
  11: 'DOUBLE',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BFLOAT16',
};
const INT_BYTES: Record<number, number> = { 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 12: 4, 13: 8 };

/** Wire-format cursor over bytes[start, end). */
class Cursor {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
    readonly what: Msg,
  ) {
    this.pos = start;
  }
  get done() {
    return this.pos >= this.end;
  }
  /** `why` is a key under errors3.onnx.why. */
  fail(why: string, params?: Readonly<Record<string, number>>): never {
    throw new OnnxFormatError(
      msg('errors3.onnx.invalid', {
        why: msg(`errors3.onnx.why.${why}`, params),
        what: this.what,
        pos: String(this.pos),
      }),
    );
  }
  /** A varint as a number (int64 two's complement kept exact up to 2^53). */
  varint(): number {
    let lo = 0,
      hi = 0,
      shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('numberPastEnd');
      const b = this.bytes[this.pos++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if (!(b & 0x80)) {
        lo >>>= 0;
        // Negative int64 (10 bytes): two's complement over 64 bits.
        return hi & 0x80000000 ? (hi - 0x100000000) * 0x100000000 + lo : (hi >>> 0) * 0x100000000 + lo;
      }
    }
    this.fail('numberTooLong');
  }
  /** The [start, end) of a length-delimited field. */
  span(): [number, number] {
    const n = this.varint();
    if (n < 0 || n > this.end - this.pos) this.fail('fieldBytes', { n, left: this.end - this.pos });
    const s = this.pos;
    this.pos += n;
    return [s, this.pos];
  }
  /** `what` is a key under errors3.onnx.in. */
  sub(what: string, params?: Readonly<Record<string, number | string>>): Cursor {
    const [s, e] = this.span();
    return new Cursor(this.bytes, s, e, msg(`errors3.onnx.in.${what}`, params));
  }
  string(): string {
    const [s, e] = this.span();
    if (e - s > 1 << 20) this.fail('longName');
    return new TextDecoder().decode(this.bytes.subarray(s, e));
  }
  float(): number {
    if (this.end - this.pos < 4) this.fail('floatPastEnd');
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.span();
    else if (wire === 5) this.advance(4);
    else this.fail('wireType', { wire });
  }
  advance(n: number) {
    if (this.end - this.pos < n) this.fail('valuePastEnd');
    this.pos += n;
  }
  /** Each field: (number, wire type). */
  *fields(): Generator<[number, number]> {
    while (!this.done) {
      const key = this.varint();
      const field = Math.floor(key / 8),
        wire = key & 7;
      if (field < 1) this.fail('field0');
      yield [field, wire];
    }
  }
}

/** Repeated scalars: packed (one length-delimited run) or one per key. */
function repeated(c: Cursor, wire: number, out: number[], read: (c: Cursor) => number): void {
  if (wire === 2) {
    const sub = c.sub('packedList');
    while (!sub.done) {
      if (out.length >= MAX_VALUES) sub.fail('listTooLong');
      out.push(read(sub));
    }
  } else out.push(read(c));
}

/** `what` is a key under errors3.onnx.items. */
function counted<T>(list: T[], item: T, c: Cursor, what: string): void {
  if (list.length >= MAX_ONNX_ITEMS) c.fail(`tooMany.${what}`, { max: MAX_ONNX_ITEMS });
  list.push(item);
}

function readTensor(c: Cursor): OnnxTensor {
  const dims: number[] = [];
  let dataType = 0,
    name = '',
    raw: [number, number] | null = null,
    external = false;
  const floats: number[] = [],
    ints: number[] = [];
  for (const [f, w] of c.fields()) {
    if (f === 1) repeated(c, w, dims, (s) => s.varint());
    else if (f === 2) dataType = c.varint();
    else if (f === 4) repeated(c, w, floats, (s) => s.float());
    else if (f === 5 || f === 7 || f === 11) repeated(c, w, ints, (s) => s.varint());
    else if (f === 8) name = c.string();
    else if (f === 9) raw = c.span();
    else if (f === 13) {
      external = true;
      c.skip(w);
    } else if (f === 14) external = c.varint() === 1 || external;
    else c.skip(w);
    if (dims.length > MAX_RANK) c.fail('tensorRank', { max: MAX_RANK });
  }
  const shown = name ? msg('errors3.onnx.tensorNamed', { name }) : msg('errors3.onnx.tensor');
  const bad = (key: string, params: Readonly<Record<string, string | number>>) =>
    new OnnxFormatError(msg(`errors3.onnx.${key}`, { tensor: shown, ...params }));
  if (external) throw bad('external', {});
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw bad('dim', { d: String(d) });
    count *= d;
    if (count > MAX_VALUES) throw bad('tooLarge', { dims: dims.join('x'), max: MAX_VALUES });
  }
  const base = { name, dims, dataType };
  if (dataType === ONNX_DT_FLOAT) {
    if (raw) {
      const [s, e] = raw;
      if (e - s !== count * 4)
        throw bad('floatBytes', { dims: dims.join('x'), bytes: String(count * 4), held: String(e - s) });
      const data = new Float32Array(count);
      const view = new DataView(c.bytes.buffer, c.bytes.byteOffset + s, e - s);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
      return { ...base, data };
    }
    if (floats.length !== count) throw bad('floatCount', { count: String(count), held: String(floats.length) });
    return { ...base, data: Float32Array.from(floats) };
  }
  if (INT_TYPES.has(dataType)) {
    if (raw) {
      const [s, e] = raw;
      const size = INT_BYTES[dataType];
      if (e - s !== count * size)
        throw bad('intBytes', { count: String(count), bytes: String(count * size), held: String(e - s) });
      if (count > 1 << 20) throw bad('intLarge', { count: String(count) });
      const view = new DataView(c.bytes.buffer, c.bytes.byteOffset + s, e - s);
      const data: number[] = [];
      for (let i = 0; i < count; i++) {
        const o = i * size;
        data.push(
          size === 8
            ? Number(dataType === 13 ? view.getBigUint64(o, true) : view.getBigInt64(o, true))
            : size === 4
              ? dataType === 12
                ? view.getUint32(o, true)
                : view.getInt32(o, true)
              : size === 2
                ? dataType === 4
                  ? view.getUint16(o, true)
                  : view.getInt16(o, true)
                : dataType === 3
                  ? view.getInt8(o)
                  : view.getUint8(o),
        );
      }
      return { ...base, data };
    }
    if (ints.length !== count) throw bad('intCount', { count: String(count), held: String(ints.length) });
    return { ...base, data: ints };
  }
  return { ...base, data: [] };
}

/** The type name of an ONNX data type, for messages. */
export const dataTypeName = (t: number) => TYPE_NAMES[t] ?? `type ${t}`;

function readAttr(c: Cursor): [string, OnnxAttrValue] {
  let name = '';
  let type = 0;
  let f: number | undefined, i: number | undefined, s: string | undefined, t: OnnxTensor | undefined;
  const floats: number[] = [],
    ints: number[] = [];
  for (const [field, w] of c.fields()) {
    if (field === 1) name = c.string();
    else if (field === 20) type = c.varint();
    else if (field === 2) f = c.float();
    else if (field === 3) i = c.varint();
    else if (field === 4) s = c.string();
    else if (field === 5) t = readTensor(c.sub('attributeNamed', { name }));
    else if (field === 7) repeated(c, w, floats, (x) => x.float());
    else if (field === 8) repeated(c, w, ints, (x) => x.varint());
    else c.skip(w);
  }
  // The type says which field holds the value (a 0 or empty value is not written at all).
  switch (type) {
    case 1:
      return [name, { kind: 'f', value: f ?? 0 }];
    case 2:
      return [name, { kind: 'i', value: i ?? 0 }];
    case 3:
      return [name, { kind: 's', value: s ?? '' }];
    case 4:
      return [name, t ? { kind: 't', value: t } : { kind: 'other' }];
    case 6:
      return [name, { kind: 'floats', value: floats }];
    case 7:
      return [name, { kind: 'ints', value: ints }];
    default:
      return [name, { kind: 'other' }];
  }
}

function readNode(c: Cursor): OnnxNodeProto {
  const inputs: string[] = [],
    outputs: string[] = [];
  const attrs = new Map<string, OnnxAttrValue>();
  let opType = '',
    domain = '',
    name = '';
  for (const [f, w] of c.fields()) {
    if (f === 1) counted(inputs, c.string(), c, 'nodeInputs');
    else if (f === 2) counted(outputs, c.string(), c, 'nodeOutputs');
    else if (f === 3) name = c.string();
    else if (f === 4) opType = c.string();
    else if (f === 7) domain = c.string();
    else if (f === 5) {
      if (attrs.size >= 1000) c.fail('attrs', { max: 1000 });
      const [k, v] = readAttr(c.sub('attribute'));
      attrs.set(k, v);
    } else c.skip(w);
  }
  return { opType, domain, name, inputs, outputs, attrs };
}

function readValueInfo(c: Cursor): OnnxValueInfo {
  let name = '',
    elemType = 0;
  let dims: (number | string | null)[] | null = null;
  for (const [f, w] of c.fields()) {
    if (f === 1) name = c.string();
    else if (f === 2) {
      const type = c.sub('type');
      for (const [tf, tw] of type.fields()) {
        if (tf !== 1) {
          type.skip(tw);
          continue;
        }
        const tensor = type.sub('tensorType');
        for (const [ef, ew] of tensor.fields()) {
          if (ef === 1) elemType = tensor.varint();
          else if (ef === 2) {
            dims = [];
            const shape = tensor.sub('shape');
            for (const [sf, sw] of shape.fields()) {
              if (sf !== 1) {
                shape.skip(sw);
                continue;
              }
              if (dims.length >= MAX_RANK) shape.fail('shapeRank', { max: MAX_RANK });
              const dim = shape.sub('dimension');
              let d: number | string | null = null;
              for (const [df, dw] of dim.fields()) {
                if (df === 1) d = dim.varint();
                else if (df === 2) d = dim.string();
                else dim.skip(dw);
              }
              dims.push(d);
            }
          } else tensor.skip(ew);
        }
      }
    } else c.skip(w);
  }
  return { name, elemType, dims };
}

function readGraph(c: Cursor): OnnxGraphProto {
  const nodes: OnnxNodeProto[] = [],
    initializers: OnnxTensor[] = [],
    inputs: OnnxValueInfo[] = [],
    outputs: OnnxValueInfo[] = [];
  let name = '';
  for (const [f, w] of c.fields()) {
    if (f === 1) counted(nodes, readNode(c.sub('node', { n: nodes.length + 1 })), c, 'nodes');
    else if (f === 2) name = c.string();
    else if (f === 5)
      counted(initializers, readTensor(c.sub('initializer', { n: initializers.length + 1 })), c, 'initializers');
    else if (f === 11) counted(inputs, readValueInfo(c.sub('graphInput')), c, 'graphInputs');
    else if (f === 12) counted(outputs, readValueInfo(c.sub('graphOutput')), c, 'graphOutputs');
    else if (f === 15) throw new OnnxFormatError(msg('errors3.onnx.sparse'));
    else c.skip(w);
  }
  return { name, nodes, initializers, inputs, outputs };
}

/** Decodes an ONNX ModelProto. Throws OnnxFormatError saying what is wrong. */
export function decodeOnnx(bytes: Uint8Array): OnnxModelProto {
  if (bytes.byteLength === 0) throw new OnnxFormatError(msg('errors3.onnx.empty'));
  // A ModelProto starts with a field key: ir_version (0x08) in every file torch, tf2onnx or onnx write.
  const first = bytes[0];
  if (first !== 0x08 && (first & 7) !== 2 && (first & 7) !== 0) throw new OnnxFormatError(msg('errors3.onnx.notOnnx'));
  const c = new Cursor(bytes, 0, bytes.byteLength, msg('errors3.onnx.in.model'));
  let irVersion = 0,
    producer = '';
  const opsets: { domain: string; version: number }[] = [];
  let graph: OnnxGraphProto | null = null;
  for (const [f, w] of c.fields()) {
    if (f === 1) irVersion = c.varint();
    else if (f === 2) producer = c.string();
    else if (f === 7) graph = readGraph(c.sub('graph'));
    else if (f === 8) {
      const o = c.sub('opset');
      let domain = '',
        version = 0;
      for (const [of, ow] of o.fields()) {
        if (of === 1) domain = o.string();
        else if (of === 2) version = o.varint();
        else o.skip(ow);
      }
      counted(opsets, { domain, version }, c, 'opsets');
    } else c.skip(w);
  }
  if (!graph || irVersion <= 0) throw new OnnxFormatError(msg('errors3.onnx.noGraph'));
  return { irVersion, producer, opsets, graph };
}
