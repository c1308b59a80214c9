// The top bar: document name with its unsaved mark, file commands (with recent files), undo/redo,
// layout and fit, and the template gallery.
import { memo, useEffect, useRef, useState } from 'react';
import type { RecentEntry } from '../host/host';
import { useEditor } from '../store/store';
import { documentName, openRecentFile, type FileDeps } from './files';
import { runCommand } from './run';
import { IS_MAC, shortcutHint, type CommandId } from './shortcuts';

function Btn({ id, label, deps, disabled, icon }: { id: CommandId; label: string; deps: FileDeps; disabled?: boolean; icon?: string }) {
  const hint = shortcutHint(id, IS_MAC);
  return (
    <button type="button" className="tb-btn" data-testid={`btn-${id}`} disabled={disabled}
      title={hint ? `${label} (${hint})` : label} onClick={() => runCommand(id, deps)}>
      {icon && <span className="tb-icon" aria-hidden>{icon}</span>}{label}
    </button>
  );
}

function RecentMenu({ deps }: { deps: FileDeps }) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<RecentEntry[] | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    deps.host.listRecent().then((l) => { if (live) setList(l); }, () => { if (live) setList([]); });
    const close = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('mousedown', close);
    return () => { live = false; window.removeEventListener('mousedown', close); };
  }, [open, deps]);
  return (
    <div className="tb-menu" ref={ref}>
      <button type="button" className="tb-btn tb-caret" data-testid="btn-recent" title="Recent files" aria-haspopup="menu" aria-expanded={open}
        onClick={() => setOpen((o) => !o)}>▾</button>
      {open && (
        <div className="tb-dropdown" role="menu" data-testid="recent-menu" onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }}>
          <div className="tb-dropdown-title">Recent files</div>
          {list === null && <div className="tb-dropdown-empty">Loading…</div>}
          {list?.length === 0 && <div className="tb-dropdown-empty">No recent files yet.</div>}
          {list?.map((r) => (
            <button key={r.path} type="button" role="menuitem" className="tb-dropdown-item" title={r.path}
              onClick={() => { setOpen(false); void openRecentFile(deps, r.path); }}>
              <span>{r.name}</span><span className="muted">{new Date(r.openedAt).toLocaleDateString()}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export const TopBar = memo(function TopBar({ deps, onTemplates, onExport }: { deps: FileDeps; onTemplates: () => void; onExport: () => void }) {
  const name = useEditor(documentName);
  const dirty = useEditor((s) => s.doc !== s.savedDoc);
  const canUndo = useEditor((s) => s.past.length > 0 && !s.locked);
  const canRedo = useEditor((s) => s.future.length > 0 && !s.locked);
  const empty = useEditor((s) => s.doc.nodes.length === 0);
  return (
    <header className="topbar">
      <div className="brand" aria-label="CNN Designer"><span className="brand-mark">◧</span>CNN Designer</div>
      <div className="doc-title" data-testid="doc-title" title={dirty ? 'Unsaved changes' : 'All changes saved'}>
        <span data-testid="doc-name">{name}</span>
        {dirty && <span className="dirty" data-testid="dirty-mark" aria-label="unsaved changes">●</span>}
      </div>
      <div className="tb-group">
        <Btn id="new" label="New" deps={deps} />
        <Btn id="open" label="Open" deps={deps} />
        <RecentMenu deps={deps} />
        <Btn id="save" label="Save" deps={deps} />
        <Btn id="saveAs" label="Save As" deps={deps} />
      </div>
      <div className="tb-group">
        <Btn id="undo" label="Undo" icon="↶" deps={deps} disabled={!canUndo} />
        <Btn id="redo" label="Redo" icon="↷" deps={deps} disabled={!canRedo} />
      </div>
      <div className="tb-group">
        <Btn id="layout" label="Layout" deps={deps} disabled={empty} />
        <Btn id="fit" label="Fit" deps={deps} disabled={empty} />
      </div>
      <div className="tb-spacer" />
      <button type="button" className="tb-btn" data-testid="btn-export" title="Export the model (TensorFlow.js, ONNX, PyTorch) or import a TensorFlow.js model" onClick={onExport}>Export / Import</button>
      <button type="button" className="tb-btn primary" data-testid="btn-templates" onClick={onTemplates}>Templates</button>
    </header>
  );
});
