// The project file (*.cnn.json): parse with a schema, migrate old versions, repair what can be
// repaired (with a warning for each change), report the rest. Loading never throws.
import { z } from 'zod';
import { CATALOGUE, isLayerType } from './catalogue';
import { clipText, quoteValue } from './format';
import { MAX_GROUPS, MAX_GROUP_LABEL, validateGroups } from './groups';
import { hasParamType, normaliseParam } from './params';
import type { GraphDoc, GraphEdge, GraphGroup, GraphNode, ParamValue } from './types';
import { english, msg, type Msg, type MsgParams } from '../i18n/msg';

// No code generation: the app's CSP forbids eval, and zod would otherwise probe for it.
z.config({ jitless: true });

export const CURRENT_VERSION = 2;
export const FILE_EXTENSION = '.cnn.json';

/** What a node or connection id may be: exporters rely on it too (ids become file-format names). */
export const NODE_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const id = z.string().regex(NODE_ID, 'ids are 1-64 letters, digits, "_", "-" or "."');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const nodeSchema = z.object({
  id,
  type: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: finite, y: finite }).default({ x: 0, y: 0 }),
  label: z.string().max(200).optional(),
});
const edgeSchema = z.object({
  id: id.optional(),
  source: z.string(),
  target: z.string(),
  targetPort: z.string().optional(),
});
const groupSchema = z.object({
  id,
  label: z.string().max(MAX_GROUP_LABEL).optional(),
  nodes: z.array(z.string()).max(100_000),
  collapsed: z.boolean().optional(),
});
const docSchema = z.object({
  format: z.literal('cnn-designer').optional(),
  version: z.literal(CURRENT_VERSION),
  metadata: z
    .object({
      name: z.string().max(500).default('Untitled'),
      description: z.string().max(20_000).optional(),
      created: z.string().optional(),
      modified: z.string().optional(),
    })
    .default({ name: 'Untitled' }),
  nodes: z.array(nodeSchema).max(100_000),
  edges: z.array(edgeSchema).max(400_000),
  groups: z.array(groupSchema).max(MAX_GROUPS).optional(),
});

/** Version 1 (the prototype): layers with kind/config/x/y and links with from/to/port. */
const v1Schema = z.object({
  version: z.literal(1),
  name: z.string().optional(),
  layers: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      config: z.record(z.string(), z.unknown()).default({}),
      x: z.number().default(0),
      y: z.number().default(0),
    }),
  ),
  links: z.array(z.object({ from: z.string(), to: z.string(), port: z.string().optional() })).default([]),
});

const V1_KINDS: Record<string, string> = {
  input: 'Input',
  conv: 'Conv2D',
  conv2d: 'Conv2D',
  deconv: 'Conv2DTranspose',
  pool: 'Pool',
  maxpool: 'Pool',
  avgpool: 'Pool',
  gap: 'GlobalPool',
  relu: 'Activation',
  activation: 'Activation',
  batchnorm: 'BatchNorm',
  dropout: 'Dropout',
  flatten: 'Flatten',
  dense: 'Dense',
  fc: 'Dense',
  softmax: 'Softmax',
  residual: 'Residual',
  add: 'Residual',
  concat: 'Concat',
};

function migrateV1(raw: z.infer<typeof v1Schema>, warnings: Msg[]): unknown {
  warnings.push(msg('openWarn.migratedV1'));
  return {
    format: 'cnn-designer',
    version: CURRENT_VERSION,
    metadata: { name: raw.name ?? 'Untitled' },
    nodes: raw.layers.map((l) => {
      const kind = l.kind.toLowerCase();
      const params: Record<string, unknown> = { ...l.config };
      if (kind === 'maxpool') params.mode = 'max';
      if (kind === 'avgpool') params.mode = 'avg';
      if (kind === 'relu') params.kind = 'relu';
      if ('kernelSize' in params) {
        params.kernel = params.kernelSize;
        delete params.kernelSize;
      }
      if ('strides' in params) {
        params.stride = params.strides;
        delete params.strides;
      }
      return { id: l.id, type: V1_KINDS[kind] ?? l.kind, params, position: { x: l.x, y: l.y } };
    }),
    edges: raw.links.map((k, i) => ({ id: `e${i + 1}`, source: k.from, target: k.to, targetPort: k.port })),
  };
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly doc: GraphDoc;
      /** In English (logs, tests); `warningMsgs` are the same as messages for the reader's language. */
      readonly warnings: readonly string[];
      readonly warningMsgs: readonly Msg[];
    }
  | {
      readonly ok: false;
      /** In English (logs, tests); `errorMsgs` are the same as messages for the reader's language. */
      readonly errors: readonly string[];
      readonly errorMsgs?: readonly Msg[];
    };

/** A project that cannot be read: its reasons as messages (errors2.project.*) and in English. */
function failed(...msgs: Msg[]): LoadResult {
  return { ok: false, errors: msgs.map(english), errorMsgs: msgs };
}
const m = (key: string, params?: MsgParams): Msg => ({ key: `errors2.project.${key}`, ...(params ? { params } : {}) });

function jsonError(text: string, e: unknown): Msg {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length,
      col = Number(pos[1]) - before.lastIndexOf('\n');
    return m('jsonAt', { line, col, error: msg.replace(/ in JSON at position \d+.*$/, '') });
  }
  if (text.trim() === '') return m('empty');
  return m('json', { error: msg });
}

/** zod's issues: where (a path in the file) and zod's own words. */
function zodErrors(err: z.ZodError): Msg[] {
  return err.issues.slice(0, 20).map((i) =>
    i.path.length
      ? m('at', {
          path: i.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, ''),
          error: i.message,
        })
      : m('atFile', { error: i.message }),
  );
}

/** Parse a project file's text. Never throws. */
export function parseProject(text: string): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return failed(jsonError(text, e));
  }
  return loadProject(raw);
}

/** Validate, migrate and repair an already-parsed JSON value. Never throws. */
export function loadProject(raw: unknown): LoadResult {
  try {
    return loadUnsafe(raw);
  } catch (e) {
    return failed(m('unreadable', { error: e instanceof Error ? e.message : String(e) }));
  }
}

function loadUnsafe(raw: unknown): LoadResult {
  const warnings: Msg[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return failed(m('notObject'));
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== undefined && obj.format !== 'cnn-designer') {
    return failed(m('format', { format: quoteValue(obj.format) }));
  }
  const version = obj.version;
  if (typeof version !== 'number') {
    return failed(m('noVersion'));
  }
  if (version > CURRENT_VERSION) return failed(m('newer', { version, current: CURRENT_VERSION }));
  if (version === 1) {
    const v1 = v1Schema.safeParse(raw);
    if (!v1.success) return failed(...zodErrors(v1.error));
    raw = migrateV1(v1.data, warnings);
  } else if (version !== CURRENT_VERSION) {
    return failed(m('version', { version }));
  }
  const parsed = docSchema.safeParse(raw);
  if (!parsed.success) return failed(...zodErrors(parsed.error));
  const d = parsed.data;

  const errors: Msg[] = [];
  const nodes: GraphNode[] = [];
  const seen = new Set<string>();
  for (const [i, n] of d.nodes.entries()) {
    if (seen.has(n.id)) {
      errors.push(m('duplicateId', { i, id: n.id }));
      continue;
    }
    seen.add(n.id);
    if (!isLayerType(n.type)) {
      errors.push(
        m('unknownType', { i, id: n.id, type: quoteValue(n.type), known: Object.keys(CATALOGUE).join(', ') }),
      );
      continue;
    }
    nodes.push({
      id: n.id,
      type: n.type,
      params: repairParams(n.id, n.type, n.params, warnings),
      position: n.position,
      ...(n.label ? { label: n.label } : {}),
    });
  }
  if (errors.length) return failed(...errors);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  for (const [i, e] of d.edges.entries()) {
    const src = byId.get(e.source),
      tgt = byId.get(e.target);
    if (!src || !tgt) {
      warnings.push(
        msg('openWarn.noNode', {
          source: clipText(e.source),
          target: clipText(e.target),
          node: quoteValue(!src ? e.source : e.target),
        }),
      );
      continue;
    }
    const ports = CATALOGUE[tgt.type].ports(tgt.params);
    let port = e.targetPort ?? ports[0];
    if (!ports.includes(port as string)) {
      if (ports.length === 1) {
        warnings.push(
          msg('openWarn.portMoved', { source: e.source, target: e.target, port: quoteValue(port), to: ports[0] }),
        );
        port = ports[0];
      } else {
        const at = { source: e.source, target: e.target, type: tgt.type, port: quoteValue(port) };
        warnings.push(
          ports.length ? msg('openWarn.noPortList', { ...at, ports: ports.join(', ') }) : msg('openWarn.noPort', at),
        );
        continue;
      }
    }
    let eid = e.id ?? `e${i + 1}`;
    if (edgeIds.has(eid)) {
      let k = 2;
      while (edgeIds.has(`${eid}_${k}`)) k++;
      warnings.push(msg('openWarn.edgeIdTwice', { id: eid, to: `${eid}_${k}` }));
      eid = `${eid}_${k}`;
    }
    edgeIds.add(eid);
    edges.push({ id: eid, source: e.source, target: e.target, targetPort: port as string });
  }
  const metadata = Object.fromEntries(
    Object.entries(d.metadata).filter(([, v]) => v !== undefined),
  ) as unknown as GraphDoc['metadata'];
  const groups: GraphGroup[] = d.groups ? validateGroups(d.groups, seen, warnings) : [];
  return {
    ok: true,
    doc: {
      format: 'cnn-designer',
      version: CURRENT_VERSION,
      metadata,
      nodes,
      edges,
      ...(groups.length ? { groups } : {}),
    },
    warnings: warnings.map(english),
    warningMsgs: warnings,
  };
}

function repairParams(
  nodeId: string,
  type: GraphNode['type'],
  raw: Record<string, unknown>,
  warnings: Msg[],
): Record<string, ParamValue> {
  const specs = CATALOGUE[type].params;
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = raw[name];
    if (v === undefined) {
      out[name] = spec.default;
      continue;
    }
    if (hasParamType(spec, v)) {
      out[name] = normaliseParam(spec, v as ParamValue);
      continue;
    }
    warnings.push(
      msg('openWarn.paramReset', { node: nodeId, name, value: quoteValue(v), default: quoteValue(spec.default) }),
    );
    out[name] = spec.default;
  }
  for (const name of Object.keys(raw))
    if (!(name in specs)) warnings.push(msg('openWarn.paramDropped', { node: nodeId, name: quoteValue(name) }));
  return out;
}

/** The text written to disk. */
export function serializeProject(doc: GraphDoc): string {
  return (
    JSON.stringify(
      {
        format: 'cnn-designer',
        version: CURRENT_VERSION,
        metadata: doc.metadata,
        nodes: doc.nodes,
        edges: doc.edges,
        ...(doc.groups?.length ? { groups: doc.groups } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

export function emptyDoc(name = 'Untitled'): GraphDoc {
  return { format: 'cnn-designer', version: CURRENT_VERSION, metadata: { name }, nodes: [], edges: [] };
}
