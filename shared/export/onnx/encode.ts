// Protobuf encoding driven by the schema's reflection data (field numbers and types), written
// without protobufjs's generated encoders: those are compiled with new Function(), which the app's
// Content-Security-Policy (no 'unsafe-eval') forbids.
import { Writer, type Field, type Type } from 'protobufjs/light';

type Msg = Readonly<Record<string, unknown>>;

const WIRE: Record<string, number> = {
  double: 1,
  float: 5,
  int32: 0,
  int64: 0,
  uint32: 0,
  uint64: 0,
  sint32: 0,
  sint64: 0,
  bool: 0,
  string: 2,
  bytes: 2,
  fixed32: 5,
  sfixed32: 5,
  fixed64: 1,
  sfixed64: 1,
};

function writeScalar(w: Writer, type: string, v: unknown): void {
  switch (type) {
    case 'float':
      w.float(v as number);
      break;
    case 'double':
      w.double(v as number);
      break;
    case 'int32':
      w.int32(v as number);
      break;
    case 'int64':
      w.int64(v as number);
      break;
    case 'uint32':
      w.uint32(v as number);
      break;
    case 'bool':
      w.bool(v as boolean);
      break;
    case 'string':
      w.string(v as string);
      break;
    case 'bytes':
      w.bytes(v as Uint8Array);
      break;
    default:
      throw new Error(`protobuf type ${type} is not supported by the encoder`);
  }
}

function writeField(w: Writer, field: Field, v: unknown): void {
  const resolved = field.resolve().resolvedType;
  if (resolved && 'fieldsArray' in resolved) {
    w.uint32((field.id << 3) | 2).fork();
    writeMessage(w, resolved as Type, v as Msg);
    w.ldelim();
  } else if (resolved) {
    // An enum: written as its number.
    w.uint32(field.id << 3).int32(v as number);
  } else {
    w.uint32((field.id << 3) | WIRE[field.type]);
    writeScalar(w, field.type, v);
  }
}

function writeMessage(w: Writer, type: Type, msg: Msg): void {
  for (const field of type.fieldsArray) {
    const v = msg[field.name];
    if (v === undefined || v === null) continue;
    if (field.repeated) for (const item of v as readonly unknown[]) writeField(w, field, item);
    else writeField(w, field, v);
  }
}

/** Encodes a plain object (snake_case field names as in the .proto) as the message `type`. */
export function encodeMessage(type: Type, msg: Msg): Uint8Array {
  const w = Writer.create();
  writeMessage(w, type, msg);
  return w.finish();
}
