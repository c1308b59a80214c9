// The editor's window: top bar, palette | canvas | panels, status line. Wires the host (title,
// unsaved mark, menu, autosave and the recovery offer) and the keyboard shortcuts, all through the
// services of the enclosing <ServicesProvider> (renderer/services, created once by main.tsx).
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { warmLayout } from './canvas/layout';
import { Notice } from './canvas/Notice';
import { SkipLink } from './canvas/SkipLink';
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
import { useT } from './i18n';

// Training (charts, the worker protocol) and export (tfjs) load on first use, not at start-up.
const TrainingPanel = lazy(() => import('./training/TrainingPanel').then((m) => ({ default: m.TrainingPanel })));
const ExportDialog = lazy(() => import('./export/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const ImportModelButton = lazy(() =>
  import('./export/ImportModelButton').then((m) => ({ default: m.ImportModelButton })),
);
function Loading() {
  const t = useT();
  return <div className="lazy-loading">{t.t('ui.app.loading')}</div>;
}
const loading = <Loading />;

type Tab = 'inspector' | 'problems' | 'summary' | 'train';

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
  const t = useT();
  const tabs: { id: Tab; label: string }[] = [
    { id: 'inspector', label: t.t('ui.app.tabs.inspector') },
    { id: 'problems', label: t.t('ui.app.tabs.problems') },
    { id: 'summary', label: t.t('ui.app.tabs.summary') },
    { id: 'train', label: t.t('ui.app.tabs.train') },
  ];
  return (
    <aside className={`rightcol${tab === 'train' ? ' wide' : ''}`} aria-label={t.t('ui.app.details')}>
      <div className="tabs" role="tablist">
        {tabs.map((tb) => (
          <button
            key={tb.id}
            type="button"
            role="tab"
            aria-selected={tab === tb.id}
            className={`tab${tab === tb.id ? ' active' : ''}`}
            data-testid={`tab-${tb.id}`}
            onClick={() => setTab(tb.id)}
          >
            {tb.label}
            {tb.id === 'problems' && <ProblemBadge />}
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
      </div>
    </aside>
  );
}

function RecoveryBanner({ deps, offer, onDone }: { deps: FileDeps; offer: RecoveryOffer; onDone: () => void }) {
  const t = useT();
  return (
    <div className="notice recovery" role="alertdialog" data-testid="recovery-offer">
      <span className="notice-text">
        {t.t('ui.app.recovery', { when: t.dateTime(offer.savedAt), layers: offer.nodes })}
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
        {t.t('ui.app.restore')}
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
        {t.t('ui.app.discard')}
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
  const t = useT();
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
      <div className="modal" role="dialog" aria-label={t.t('ui.app.templates')} data-testid="templates-dialog">
        <div className="modal-head">
          <h2>{t.t('ui.app.startFromTemplate')}</h2>
          <button
            type="button"
            className="notice-close"
            aria-label={t.t('ui.app.close')}
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
  const t = useT();
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="modal narrow" role="dialog" aria-label={t.t('ui.app.exportImport')}>
        <div className="modal-head">
          <h2>{t.t('ui.app.exportImport')}</h2>
          <button
            type="button"
            className="notice-close"
            aria-label={t.t('ui.app.close')}
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
        <SkipLink />
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
