// The app's services: everything the editor shares across components and commands that used to be
// module state (the canvas handle, the palette and export openers, the clipboard, the canvas's view
// model) or an import-time side effect. main.tsx creates them once and passes them down by React context;
// tests create fresh instances, so no test sees another's state.
import { createContext, useContext, type ReactNode } from 'react';
import { createCanvasBridge, type CanvasBridge } from './canvas/bridge';
import { createViewModel, type ViewModel } from './canvas/viewModel';
import { createClipboard, type Clipboard } from './commands/editing';
import type { FileDeps, ProjectFilesPort } from './commands/files';
import type { Host } from './host/host';
import { useEditor, type EditorStore } from './store/store';

/** Who to call for the commands that open something owned by a component (registered while it is mounted). */
export interface Openers {
  /** Focus the palette's search box (the palette registers it). */
  focusSearch: (() => void) | null;
  /** Open the export dialog (the app registers it). */
  openExport: (() => void) | null;
}

export interface Services extends FileDeps {
  readonly store: EditorStore;
  readonly host: Host;
  readonly canvas: CanvasBridge;
  readonly openers: Openers;
  readonly clipboard: Clipboard;
  readonly views: ViewModel;
  readonly projectFiles: { port: ProjectFilesPort | null };
}

/** A fresh set of services over `store` (the app's store by default) and `host`. */
export function createServices(host: Host, store: EditorStore = useEditor): Services {
  const canvas = createCanvasBridge();
  return {
    store,
    host,
    canvas,
    openers: { focusSearch: null, openExport: null },
    clipboard: createClipboard(),
    views: createViewModel(store),
    projectFiles: { port: null },
  };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** The services of the enclosing <ServicesProvider>; a component rendered outside one is a wiring mistake. */
export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s)
    throw new Error(
      'useServices: no <ServicesProvider> above this component (create one with createServices in the entry).',
    );
  return s;
}
