// The canvas view model of the app's services (renderer/services), for components.
import { useSyncExternalStore } from 'react';
import { useServices } from '../services';
import type { Views } from './derive';
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
  return useSyncExternalStore(vm.subscribe, () => vm.get().edges.get(id)?.unknown ?? true);
}
