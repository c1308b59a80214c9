// The editor's window: top bar, palette | canvas | panels, status line. Wires the host (title,
// unsaved mark, menu, autosave and the recovery offer) and the keyboard shortcuts, all through the
// services of the enclosing <ServicesProvider> (renderer/services, created once by main.tsx).
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { warmLayout } from './canvas/layout';
import { Notice } from './canvas/Notice';
import { StatusBar } from './canvas/StatusBar';
import {
  discardRecovery,
  findRecovery,
  restoreRecovery,
  startAutosave,
  syncTitle,
  type FileDeps,
  type RecoveryOffer,
} from './commands/files';
import { runMenuEvent } from './commands/run';
import { TopBar } from './commands/TopBar';
import { useShortcuts } from './commands/useShortcuts';
import { Palette } from './palette/Palette';
import { Inspector } from './panels/Inspector';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { SummaryPanel } from './panels/SummaryPanel';
import { TemplateGallery } from './panels/TemplateGallery';
import { useServices } from './services';
import { useAnalysis } from './store/analysis';
import { useEditor } from './store/store';

// Training (charts, the worker protocol) and export (tfjs) load on first use, not at start-up.
const TrainingPanel = lazy(() => import('./training/TrainingPanel').then((m) => ({ default: m.TrainingPanel })));
const ExportDialog = lazy(() => import('./export/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const ImportModelButton = lazy(() =>
  import('./export/ImportModelButton').then((m) => ({ default: m.ImportModelButton })),
);
const RunsPanel = lazy(() => import('./runs/RunsPanel').then((m) => ({ default: m.RunsPanel })));
const loading = <div className="lazy-loading">Loading…</div>;

type Tab = 'inspector' | 'problems' | 'summary' | 'train' | 'runs';

/** Error and warning count on the Problems tab. */
function ProblemBadge() {
  const t = useAnalysis().totals;
  if (!t.errors && !t.warnings) return null;
  return (
    <span className={`tab-badge ${t.errors ? 'error' : 'warning'}`} data-testid="problems-badge">
      {t.errors + t.warnings}
    </span>
  );
}

function RightColumn() {
  const [tab, setTab] = useState<Tab>('inspector');
  const tabs: { id: Tab; label: string }[] = [
    { id: 'inspector', label: 'Inspector' },
    { id: 'problems', label: 'Problems' },
    { id: 'summary', label: 'Summary' },
    { id: 'train', label: 'Train' },
    { id: 'runs', label: 'Runs' },
  ];
  return (
    <aside className={`rightcol${tab === 'train' || tab === 'runs' ? ' wide' : ''}`} aria-label="Details">
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={`tab${tab === t.id ? ' active' : ''}`}
            data-testid={`tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.id === 'problems' && <ProblemBadge />}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'inspector' && <Inspector />}
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'summary' && <SummaryPanel />}
        {tab === 'train' && (
          <Suspense fallback={loading}>
            <TrainingPanel />
          </Suspense>
        )}
        {tab === 'runs' && (
          <Suspense fallback={loading}>
            <RunsPanel />
          </Suspense>
        )}
      </div>
    </aside>
  );
}

function RecoveryBanner({ deps, offer, onDone }: { deps: FileDeps; offer: RecoveryOffer; onDone: () => void }) {
  return (
    <div className="notice recovery" role="alertdialog" data-testid="recovery-offer">
      <span className="notice-text">
        Unsaved work from {new Date(offer.savedAt).toLocaleString()} ({offer.nodes} layers) was found. The app may have
        closed unexpectedly.
      </span>
      <button
        type="button"
        className="tb-btn primary"
        data-testid="btn-restore"
        onClick={() => {
          restoreRecovery(deps, offer);
          onDone();
        }}
      >
        Restore
      </button>
      <button
        type="button"
        className="tb-btn"
        data-testid="btn-discard-recovery"
        onClick={() => {
          void discardRecovery(deps);
          onDone();
        }}
      >
        Discard
      </button>
    </div>
  );
}

/** Escape closes a dialog wherever the focus is (it usually stays on the button that opened it). */
function useEscape(onClose: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
}

function TemplatesDialog({ onClose }: { onClose: () => void }) {
  useEscape(onClose);
  // A template load (any loadDoc) closes the gallery.
  const epoch = useEditor((s) => s.loadEpoch);
  const [start] = useState(epoch);
  useEffect(() => {
    if (epoch !== start) onClose();
  }, [epoch, start, onClose]);
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="modal" role="dialog" aria-label="Templates" data-testid="templates-dialog">
        <div className="modal-head">
          <h2>Start from a template</h2>
          <button
            type="button"
            className="notice-close"
            aria-label="Close"
            data-testid="btn-close-templates"
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <div className="modal-body">
          <TemplateGallery />
        </div>
      </div>
    </div>
  );
}

function ExportModal({ onClose }: { onClose: () => void }) {
  useEscape(onClose);
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="modal narrow" role="dialog" aria-label="Export or import a model">
        <div className="modal-head">
          <h2>Export or import a model</h2>
          <button
            type="button"
            className="notice-close"
            aria-label="Close"
            data-testid="btn-close-export"
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <div className="modal-body">
          <Suspense fallback={loading}>
            <ExportDialog onClose={onClose} />
            <div className="import-row">
              <ImportModelButton />
            </div>
          </Suspense>
        </div>
      </div>
    </div>
  );
}

export function App() {
  const deps = useServices();
  const [templates, setTemplates] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [offer, setOffer] = useState<RecoveryOffer | null>(null);
  const [recoveryChecked, setRecoveryChecked] = useState(false);
  useShortcuts(deps);

  useEffect(() => syncTitle(deps), [deps]);
  useEffect(() => {
    const t = setTimeout(warmLayout, 1200);
    return () => clearTimeout(t);
  }, []);
  useEffect(() => deps.host.onMenu((ev) => runMenuEvent(ev, deps)), [deps]);
  useEffect(() => {
    // After the first frames: reading storage is slow the first time and must not delay the canvas.
    let live = true;
    const t = setTimeout(
      () =>
        void findRecovery(deps).then((o) => {
          if (!live) return;
          setOffer(o);
          setRecoveryChecked(true);
        }),
      50,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [deps]);
  // Autosave starts once any recovery offer is settled, so it cannot overwrite the draft first.
  useEffect(() => (recoveryChecked && !offer ? startAutosave(deps) : undefined), [deps, recoveryChecked, offer]);

  const closeTemplates = useCallback(() => setTemplates(false), []);
  const openTemplates = useCallback(() => setTemplates(true), []);
  const openExport = useCallback(() => setExporting(true), []);
  const closeExport = useCallback(() => setExporting(false), []);
  useEffect(() => {
    const { openers } = deps;
    openers.openExport = openExport;
    return () => {
      openers.openExport = null;
    };
  }, [deps, openExport]);

  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar deps={deps} onTemplates={openTemplates} onExport={openExport} />
        <div className="workspace">
          <Palette />
          <main className="centre">
            <div className="banners">
              {offer && <RecoveryBanner deps={deps} offer={offer} onDone={() => setOffer(null)} />}
              <Notice />
            </div>
            <Canvas />
          </main>
          <RightColumn />
        </div>
        <StatusBar />
        {templates && <TemplatesDialog onClose={closeTemplates} />}
        {exporting && <ExportModal onClose={closeExport} />}
      </div>
    </ReactFlowProvider>
  );
}
