// The canvas view model of the app's services (renderer/services), for components.
import { useMemo, useSyncExternalStore } from 'react';
import { useServices } from '../services';
import { sameFaceHead, sameForCanvas, type LayerNodeData, type Views } from './derive';
import type { ViewModel } from './viewModel';

export function useViewModel(): ViewModel {
  return useServices().views;
}

export function useViews(): Views {
  const vm = useViewModel();
  return useSyncExternalStore(vm.subscribe, vm.get);
}

/** Whether an edge's shape is unknown (the edge is drawn dashed): changes far less often than its label. */
export function useEdgeUnknown(id: string): boolean {
  const vm = useViewModel();
  const subscribe = useMemo(() => (l: () => void) => vm.subscribeEdgeUnknown(id, l), [vm, id]);
  return useSyncExternalStore(subscribe, () => vm.get().edges.get(id)?.unknown ?? true);
}

/**
 * The snapshot the Canvas component subscribes to: the current views, except that views the Canvas would draw
 * alike (sameForCanvas: only face or label text changed) keep the previous snapshot, so the Canvas does not render.
 */
export function canvasSnapshot(vm: ViewModel): () => Views {
  let last: Views | undefined;
  return () => {
    const v = vm.get();
    if (!last || !sameForCanvas(last, v)) last = v;
    return last;
  };
}

/** The views as the Canvas component draws them (see canvasSnapshot). */
export function useCanvasViews(): Views {
  const vm = useViewModel();
  const snapshot = useMemo(() => canvasSnapshot(vm), [vm]);
  return useSyncExternalStore(vm.subscribe, snapshot);
}

/**
 * The snapshot a node face subscribes to: its data, except that data differing only in the stats line (which the
 * face writes into the DOM itself) keeps the previous snapshot, so the face does not render through React.
 */
export function faceSnapshot(vm: ViewModel, id: string): () => LayerNodeData | undefined {
  let last: LayerNodeData | undefined;
  return () => {
    const d = vm.get().nodes.get(id);
    if (d !== last && !(d && last && sameFaceHead(last, d))) last = d;
    return last;
  };
}
