// One layer on the canvas. What it shows is precomputed text from the view model (canvas/derive.ts,
// viewModel.ts), read by node id; the component is memoised on id and selection only, so dragging
// (new position props every frame) never re-renders its contents, and an edit re-renders only the
// faces whose text other than the stats line and summary changed (those are written into the DOM directly).
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import type { LayerFlowNode, LayerNodeData } from '../canvas/derive';
import './faces.css';
import { faceSnapshot, useViewModel } from '../canvas/useViews';
import { useDirection } from '../canvas/direction';
import { GroupFrame, GroupNode } from './GroupNode';
import { useFaceT } from '../i18n';
import { setFirstText, setText } from '../canvas/domText';

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  // Subscribed to the face without its stats and summary: an edit upstream changes the shape (and often the
  // count) on hundreds of faces, and an Input's edit its summary; those texts are written straight into the DOM
  // below, without a React render. Whenever React renders the face it renders the current texts too.
  const tr = useFaceT();
  const vm = useViewModel();
  const faceSnap = useMemo(() => faceSnapshot(vm, id), [vm, id]);
  const subscribe = useMemo(() => (l: () => void) => vm.subscribeNodeHead(id, l), [vm, id]);
  useSyncExternalStore(subscribe, faceSnap);
  const data = vm.get().nodes.get(id);
  const updateInternals = useUpdateNodeInternals();
  const portKey = data?.ports.join(',') ?? '';
  const lr = useDirection((s) => s.dir === 'RIGHT');
  // React Flow measures handles once; a Concat that gains or loses ports must be measured again.
  useEffect(() => {
    updateInternals(id);
  }, [id, portKey, lr, updateInternals]);
  const shapeRef = useRef<HTMLSpanElement>(null);
  const paramsRef = useRef<HTMLSpanElement>(null);
  const rfRef = useRef<HTMLSpanElement>(null);
  const summaryRef = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    // The face this last wrote (or found written): React renders the current face whenever it renders, and this
    // is told every change of it, so a text equal to the last one written is still in the DOM. An edit upstream
    // mostly changes the shape alone: the other two are neither read from nor written to the DOM.
    let last: LayerNodeData | undefined;
    const sync = () => {
      const d = vm.get().nodes.get(id);
      if (!d || d === last) return;
      if (d.shape !== last?.shape) setFirstText(shapeRef.current, d.shape);
      if (d.params !== last?.params) setFirstText(paramsRef.current, d.params);
      if (d.rf !== last?.rf) setFirstText(rfRef.current, `RF ${d.rf}`);
      if (d.summary !== last?.summary) setText(summaryRef.current, d.summary);
      last = d;
    };
    const off = vm.subscribeNode(id, sync);
    sync();
    return off;
  }, [vm, id]);
  if (!data) return null;
  const cls = ['layer-node', `cat-${data.category.toLowerCase()}`];
  if (selected) cls.push('selected');
  if (data.severity) cls.push(`sev-${data.severity}`);
  if (!data.live) cls.push('dead');
  return (
    <div
      className={cls.join(' ')}
      data-testid={`node-${id}`}
      data-type={data.type}
      data-severity={data.severity ?? 'ok'}
      title={data.message || undefined}
    >
      <InPorts portKey={portKey} lr={lr} />
      <div className="ln-head">
        <span className="ln-type">{data.title}</span>
        <span className="ln-id">{data.label}</span>
        {data.severity && data.severity !== 'info' && (
          <span className={`ln-badge ${data.severity}`} aria-label={tr.t(`ui.node.${data.severity}`)}>
            {data.severity === 'error' ? '!' : '▲'}
          </span>
        )}
      </div>
      <div className="ln-summary">
        <span ref={summaryRef} className="ln-summary-text">
          {data.summary}
        </span>
        {data.activation && (
          <span
            className={`ln-act act-${data.activation}`}
            data-testid={`act-${id}`}
            title={tr.t('ui.node.fusedActivation', { activation: data.activation })}
          >
            {data.activation}
          </span>
        )}
      </div>
      <div className="ln-stats">
        <span ref={shapeRef} className="ln-shape" data-testid={`shape-${id}`} title={tr.t('ui.node.shape')}>
          {data.shape}
        </span>
        <span ref={paramsRef} title={tr.t('ui.node.params')}>
          {data.params}
          <i> p</i>
        </span>
        <span ref={rfRef} title={tr.t('ui.node.rf')}>{`RF ${data.rf}`}</span>
      </div>
      <OutPort lr={lr} />
    </div>
  );
}

/**
 * Input handles (labelled when there are several), memoised on the port list: a face whose text
 * changes does not re-render its handles (each one subscribes to React Flow's store).
 */
const InPorts = memo(function InPorts({ portKey, lr }: { portKey: string; lr: boolean }) {
  const ports = portKey ? portKey.split(',') : [];
  const many = ports.length > 1;
  const at = (i: number) => `${((i + 1) / (ports.length + 1)) * 100}%`;
  const place = (i: number) => (lr ? { top: at(i) } : { left: at(i) });
  return (
    <>
      {ports.map((p, i) => (
        <Handle
          key={p}
          type="target"
          position={lr ? Position.Left : Position.Top}
          id={p}
          className="port-in"
          style={many ? place(i) : undefined}
        />
      ))}
      {many && (
        <div className={lr ? 'ports lr' : 'ports'}>
          {ports.map((p, i) => (
            <span key={p} className="port-label" style={place(i)}>
              {p}
            </span>
          ))}
        </div>
      )}
    </>
  );
});

const OutPort = memo(function OutPort({ lr }: { lr: boolean }) {
  return <Handle type="source" position={lr ? Position.Right : Position.Bottom} id="out" className="port-out" />;
});

export const LayerNode = memo(LayerNodeView, (a, b) => a.selected === b.selected && a.id === b.id);

/** Stable nodeTypes object (React Flow re-mounts every node when this object changes). */
export const NODE_TYPES = { layer: LayerNode, cgroup: GroupNode, gframe: GroupFrame } as const;
