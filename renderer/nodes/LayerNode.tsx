// One layer on the canvas. What it shows is precomputed text from the view model (canvas/derive.ts,
// viewModel.ts), read by node id; the component is memoised on id and selection only, so dragging
// (new position props every frame) never re-renders its contents, and an edit re-renders only the
// faces whose text changed.
import { memo, useEffect, useMemo } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import type { LayerFlowNode } from '../canvas/derive';
import { useNodeView } from '../canvas/viewModel';

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  const data = useNodeView(id);
  const updateInternals = useUpdateNodeInternals();
  const portKey = data?.ports.join(',') ?? '';
  // React Flow measures handles once; a Concat that gains or loses ports must be measured again.
  useEffect(() => { updateInternals(id); }, [id, portKey, updateInternals]);
  // Each part of the face is a memoised element keyed on its own text: an edit that changes only
  // the shape (the usual case: every node downstream of an edit) updates that one span, and React
  // neither re-renders nor re-diffs the other ~12 elements of the face (see bench/ui.ts).
  const title = data?.title, label = data?.label, severity = data?.severity ?? null;
  const summary = data?.summary, shape = data?.shape, params = data?.params, rf = data?.rf;
  const head = useMemo(() => (
    <div className="ln-head">
      <span className="ln-type">{title}</span>
      <span className="ln-id">{label}</span>
      {severity && severity !== 'info' && (
        <span className={`ln-badge ${severity}`} aria-label={severity}>{severity === 'error' ? '!' : '▲'}</span>
      )}
    </div>
  ), [title, label, severity]);
  const summaryEl = useMemo(() => <div className="ln-summary">{summary}</div>, [summary]);
  const shapeEl = useMemo(() => <span className="ln-shape" data-testid={`shape-${id}`} title="Output shape (H x W x C)">{shape}</span>, [id, shape]);
  const paramsEl = useMemo(() => <span title="Parameters">{params}<i> p</i></span>, [params]);
  const rfEl = useMemo(() => <span title="Receptive field (size, jump)">RF {rf}</span>, [rf]);
  if (!data) return null;
  const cls = ['layer-node', `cat-${data.category.toLowerCase()}`];
  if (selected) cls.push('selected');
  if (data.severity) cls.push(`sev-${data.severity}`);
  if (!data.live) cls.push('dead');
  return (
    <div className={cls.join(' ')} data-testid={`node-${id}`} data-type={data.type} data-severity={data.severity ?? 'ok'}
      title={data.message || undefined}>
      <InPorts portKey={portKey} />
      {head}
      {summaryEl}
      <div className="ln-stats">
        {shapeEl}
        {paramsEl}
        {rfEl}
      </div>
      <OutPort />
    </div>
  );
}

/**
 * Input handles (labelled when there are several), memoised on the port list: a face whose text
 * changes does not re-render its handles (each one subscribes to React Flow's store).
 */
const InPorts = memo(function InPorts({ portKey }: { portKey: string }) {
  const ports = portKey ? portKey.split(',') : [];
  const many = ports.length > 1;
  const left = (i: number) => `${((i + 1) / (ports.length + 1)) * 100}%`;
  return (
    <>
      {ports.map((p, i) => (
        <Handle key={p} type="target" position={Position.Top} id={p} className="port-in" style={many ? { left: left(i) } : undefined} />
      ))}
      {many && (
        <div className="ports">
          {ports.map((p, i) => <span key={p} className="port-label" style={{ left: left(i) }}>{p}</span>)}
        </div>
      )}
    </>
  );
});

const OutPort = memo(function OutPort() {
  return <Handle type="source" position={Position.Bottom} id="out" className="port-out" />;
});

export const LayerNode = memo(LayerNodeView, (a, b) => a.selected === b.selected && a.id === b.id);

/** Stable nodeTypes object (React Flow re-mounts every node when this object changes). */
export const NODE_TYPES = { layer: LayerNode } as const;
