// The editor's window: top bar, palette | canvas | panels, status line. Wires the host (title,
// unsaved mark, menu, autosave and the recovery offer) and the keyboard shortcuts, all through the
// services of the enclosing <ServicesProvider> (renderer/services, created once by main.tsx).
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import {
  Group,
  Panel,
  Separator,
  useDefaultLayout,
  usePanelRef,
  type PanelImperativeHandle,
} from 'react-resizable-panels';
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
const RunsPanel = lazy(() => import('./runs/RunsPanel').then((m) => ({ default: m.RunsPanel })));
function Loading() {
  const t = useT();
  return <div className="lazy-loading">{t.t('ui.app.loading')}</div>;
}
const loading = <Loading />;

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

/** Width (px) of a collapsed side panel: a strip with the button that opens it again. */
const COLLAPSED_PX = 30;
/** Width (px) of a separator between two panels (styles.css, .separator). */
const SEPARATOR_PX = 5;

/** The strip a collapsed side panel leaves: one button that expands it. */
function CollapsedStrip({ label, side, onExpand }: { label: string; side: 'left' | 'right'; onExpand: () => void }) {
  const t = useT();
  const name = t.t('ui.shell.show', { label });
  return (
    <div className="collapsed-strip">
      <button
        type="button"
        className="strip-btn"
        data-testid={`expand-${side}`}
        aria-label={name}
        title={name}
        onClick={onExpand}
      >
        <span aria-hidden>{side === 'left' ? '»' : '«'}</span>
        <span className="strip-label">{label}</span>
      </button>
    </div>
  );
}

function CollapseButton({
  label,
  side,
  onCollapse,
}: {
  label: string;
  side: 'left' | 'right';
  onCollapse: () => void;
}) {
  const t = useT();
  const name = t.t('ui.shell.hide', { label });
  return (
    <button
      type="button"
      className="collapse-btn"
      data-testid={`collapse-${side}`}
      aria-label={name}
      title={name}
      onClick={onCollapse}
    >
      <span aria-hidden>{side === 'left' ? '«' : '»'}</span>
    </button>
  );
}

/** The room the Train and Runs tabs' charts want, and the least the canvas keeps beside them (px). */
const CHART_PX = 480,
  CANVAS_KEEPS_PX = 500;

/** What the Train and Runs tabs borrowed from the other panels, to give back on an editing tab. */
interface Borrowed {
  /** The details column's width before it was widened, and the width it was given. */
  details: { was: number; set: number } | null;
  /** The palette was folded for the charts. */
  palette: boolean;
}

/**
 * Make room for a tab. The Train and Runs tabs' charts need about CHART_PX: a narrower details column is widened
 * (never so far that the canvas keeps less than CANVAS_KEEPS_PX). In a narrow window (1024 px, or 150% zoom) the
 * palette folds to its strip first: while training the graph is locked, so the layers to add are of no use, and the
 * canvas keeps its room. Back on an editing tab, what was borrowed is given back (unless the user has resized the
 * column meanwhile). The sizes the user sets stay remembered (useDefaultLayout).
 */
function roomFor(
  tab: Tab,
  details: PanelImperativeHandle | null,
  palette: PanelImperativeHandle | null,
  borrowed: Borrowed,
) {
  if (!details || !palette) return;
  const wide = tab === 'train' || tab === 'runs';
  if (!wide) {
    const d = borrowed.details;
    if (d && Math.abs(details.getSize().inPixels - d.set) <= 2) details.resize(d.was);
    if (borrowed.palette && palette.isCollapsed()) palette.expand();
    borrowed.details = null;
    borrowed.palette = false;
    return;
  }
  const now = details.getSize().inPixels;
  if (now >= CHART_PX - 40) return;
  const total = document.querySelector('.workspace')?.clientWidth ?? window.innerWidth;
  const seps = 2 * SEPARATOR_PX;
  let paletteW = palette.getSize().inPixels;
  if (total - seps - paletteW - CANVAS_KEEPS_PX < CHART_PX && !palette.isCollapsed()) {
    palette.collapse();
    borrowed.palette = true;
    paletteW = COLLAPSED_PX;
  }
  const want = Math.floor(Math.min(CHART_PX, total - seps - paletteW - CANVAS_KEEPS_PX));
  if (want > now) {
    details.resize(want);
    borrowed.details = { was: now, set: want };
  }
}

function RightColumn({
  panel,
  palette,
}: {
  panel: RefObject<PanelImperativeHandle | null>;
  palette: RefObject<PanelImperativeHandle | null>;
}) {
  const [tab, setTab] = useState<Tab>('inspector');
  const borrowed = useRef<Borrowed>({ details: null, palette: false });
  const t = useT();
  const tabs: { id: Tab; label: string }[] = [
    { id: 'inspector', label: t.t('ui.app.tabs.inspector') },
    { id: 'problems', label: t.t('ui.app.tabs.problems') },
    { id: 'summary', label: t.t('ui.app.tabs.summary') },
    { id: 'train', label: t.t('ui.app.tabs.train') },
    { id: 'runs', label: t.t('ui.app.tabs.runs') },
  ];
  return (
    <aside className="rightcol" aria-label={t.t('ui.app.details')}>
      <div className="tabs-row">
        <div className="tabs" role="tablist">
          {tabs.map((tb) => (
            <button
              key={tb.id}
              type="button"
              role="tab"
              aria-selected={tab === tb.id}
              className={`tab${tab === tb.id ? ' active' : ''}`}
              data-testid={`tab-${tb.id}`}
              onClick={() => {
                setTab(tb.id);
                roomFor(tb.id, panel.current, palette.current, borrowed.current);
              }}
            >
              {tb.label}
              {tb.id === 'problems' && <ProblemBadge />}
            </button>
          ))}
        </div>
        <CollapseButton
          label={t.t('ui.shell.detailsPanel')}
          side="right"
          onCollapse={() => panel.current?.collapse()}
        />
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
  const t = useT();
  // A template load (any loadDoc) closes the gallery.
  const epoch = useEditor((s) => s.loadEpoch);
  const [start] = useState(epoch);
  useEffect(() => {
    if (epoch !== start) onClose();
  }, [epoch, start, onClose]);
  return (
    <Modal
      label={t.t('ui.app.templates')}
      title={t.t('ui.app.startFromTemplate')}
      testId="templates-dialog"
      closeTestId="btn-close-templates"
      onClose={onClose}
    >
      <TemplateGallery />
    </Modal>
  );
}

function ExportModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      label={t.t('ui.app.exportImport')}
      title={t.t('ui.app.exportImport')}
      narrow
      closeTestId="btn-close-export"
      onClose={onClose}
    >
      <Suspense fallback={loading}>
        <ExportDialog onClose={onClose} />
        <div className="import-row">
          <ImportModelButton />
        </div>
      </Suspense>
    </Modal>
  );
}

/** A dialog over the app: closes on Escape, on a press on the backdrop and with its × button. */
function Modal({
  label,
  title,
  testId,
  closeTestId,
  narrow,
  onClose,
  children,
}: {
  label: string;
  title: string;
  testId?: string;
  closeTestId: string;
  narrow?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  useEscape(onClose);
  const t = useT();
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className={`modal${narrow ? ' narrow' : ''}`} role="dialog" aria-label={label} data-testid={testId}>
        <div className="modal-head">
          <h2>{title}</h2>
          <button
            type="button"
            className="notice-close"
            aria-label={t.t('ui.app.close')}
            data-testid={closeTestId}
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}

/** localStorage, or nothing where the browser refuses it (the sizes are then not remembered). */
function layoutStorage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Palette | canvas | details, side by side. The side panels are resizable (drag the separators or use the arrow
 * keys on them) and collapsible (the « » buttons, or drag one past its minimum); their sizes are remembered in
 * localStorage. The canvas takes what is left.
 */
function Workspace({ children }: { children: ReactNode }) {
  const left = usePanelRef();
  const t = useT();
  const right = usePanelRef();
  const [leftCollapsed, setLeftCollapsed] = useState(false);
  const [rightCollapsed, setRightCollapsed] = useState(false);
  const { defaultLayout, onLayoutChanged } = useDefaultLayout({
    id: 'cnn-designer:workspace',
    panelIds: ['panel-palette', 'panel-canvas', 'panel-details'],
    storage: layoutStorage(),
  });
  return (
    <Group
      className="workspace"
      orientation="horizontal"
      id="workspace"
      defaultLayout={defaultLayout}
      onLayoutChanged={onLayoutChanged}
    >
      <Panel
        id="panel-palette"
        panelRef={left}
        className="side-panel"
        defaultSize="208px"
        minSize="160px"
        maxSize="360px"
        collapsible
        collapsedSize={`${COLLAPSED_PX}px`}
        groupResizeBehavior="preserve-pixel-size"
        onResize={(size) => setLeftCollapsed(size.inPixels <= COLLAPSED_PX + 1)}
      >
        {leftCollapsed ? (
          <CollapsedStrip label={t.t('ui.shell.layers')} side="left" onExpand={() => left.current?.expand()} />
        ) : (
          <div className="side-inner">
            <CollapseButton
              label={t.t('ui.shell.palettePanel')}
              side="left"
              onCollapse={() => left.current?.collapse()}
            />
            <Palette />
          </div>
        )}
      </Panel>
      <Separator className="separator" id="sep-left" aria-label={t.t('ui.shell.resizePalette')} />
      <Panel id="panel-canvas" className="canvas-panel" minSize="320px">
        {children}
      </Panel>
      <Separator className="separator" id="sep-right" aria-label={t.t('ui.shell.resizeDetails')} />
      <Panel
        id="panel-details"
        panelRef={right}
        className="side-panel"
        defaultSize="360px"
        minSize="260px"
        maxSize="70%"
        collapsible
        collapsedSize={`${COLLAPSED_PX}px`}
        groupResizeBehavior="preserve-pixel-size"
        onResize={(size) => setRightCollapsed(size.inPixels <= COLLAPSED_PX + 1)}
      >
        {rightCollapsed ? (
          <CollapsedStrip label={t.t('ui.shell.details')} side="right" onExpand={() => right.current?.expand()} />
        ) : (
          <RightColumn panel={right} palette={left} />
        )}
      </Panel>
    </Group>
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
        <Workspace>
          <main className="centre">
            <div className="banners">
              {offer && <RecoveryBanner deps={deps} offer={offer} onDone={() => setOffer(null)} />}
              <Notice />
            </div>
            <Canvas />
          </main>
        </Workspace>
        <StatusBar />
        {templates && <TemplatesDialog onClose={closeTemplates} />}
        {exporting && <ExportModal onClose={closeExport} />}
      </div>
    </ReactFlowProvider>
  );
}
