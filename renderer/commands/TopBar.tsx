// The top bar: document name with its unsaved mark, the command table's toolbar commands in their groups (file
// commands with recent files, undo/redo, layout and fit), and the template gallery.
import { Fragment, memo, useEffect, useRef, useState } from 'react';
import { commandSpec, TOOLBAR_GROUPS, toolbarCommands } from '../../shared/commands/commands';
import { isLocale, LOCALE_NAMES, LOCALE_SHORT, LOCALES } from '../../shared/i18n';
import type { RecentEntry } from '../host/host';
import { useEditor } from '../store/store';
import { commandName, isEnabled } from './enabled';
import { documentName, openRecentFile } from './files';
import { runCommand, type CommandDeps } from './run';
import { IS_MAC, shortcutHint, type CommandId } from './shortcuts';
import { setLocale, useT } from '../i18n';

function Btn({ id, deps }: { id: CommandId; deps: CommandDeps }) {
  const tr = useT();
  const enabled = useEditor((s) => isEnabled(id, s));
  const plain = tr.t(`command.${id}.label`).replace(/\u2026$/, '');
  const name = useEditor((s) => commandName(id, s, plain)); // 'Undo Move'
  const { icon } = commandSpec(id).toolbar ?? {};
  const label = tr.t(`command.${id}.text`);
  const hint = shortcutHint(id, IS_MAC);
  return (
    <button
      type="button"
      className="tb-btn"
      data-testid={`btn-${id}`}
      disabled={!enabled}
      title={hint ? `${name} (${hint})` : name}
      aria-label={name === label ? undefined : name}
      onClick={() => runCommand(id, deps)}
    >
      {icon && (
        <span className="tb-icon" aria-hidden>
          {icon}
        </span>
      )}
      {label}
    </button>
  );
}

function RecentMenu({ deps }: { deps: CommandDeps }) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<RecentEntry[] | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const tr = useT();
  useEffect(() => {
    if (!open) return;
    let live = true;
    deps.host.listRecent().then(
      (l) => {
        if (live) setList(l);
      },
      () => {
        if (live) setList([]);
      },
    );
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => {
      live = false;
      window.removeEventListener('mousedown', close);
    };
  }, [open, deps]);
  return (
    <div className="tb-menu" ref={ref}>
      <button
        type="button"
        className="tb-btn tb-caret"
        data-testid="btn-recent"
        title={tr.t('ui.topBar.recent')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        ▾
      </button>
      {open && (
        <div
          className="tb-dropdown"
          role="menu"
          data-testid="recent-menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <div className="tb-dropdown-title">{tr.t('ui.topBar.recent')}</div>
          {list === null && <div className="tb-dropdown-empty">{tr.t('ui.topBar.loading')}</div>}
          {list?.length === 0 && <div className="tb-dropdown-empty">{tr.t('ui.topBar.noRecent')}</div>}
          {list?.map((r) => (
            <button
              key={r.path}
              type="button"
              role="menuitem"
              className="tb-dropdown-item"
              title={r.path}
              onClick={() => {
                setOpen(false);
                void openRecentFile(deps, r.path);
              }}
            >
              <span>{r.name}</span>
              <span className="muted">{new Date(r.openedAt).toLocaleDateString(tr.locale)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export const TopBar = memo(function TopBar({
  deps,
  onTemplates,
  onExport,
}: {
  deps: CommandDeps;
  onTemplates: () => void;
  onExport: () => void;
}) {
  const name = useEditor(documentName);
  const dirty = useEditor((s) => s.doc !== s.savedDoc);
  const tr = useT();
  return (
    <header className="topbar">
      <div className="brand" aria-label="CNN Designer">
        <span className="brand-mark">◧</span>CNN Designer
      </div>
      <div className="doc-title" data-testid="doc-title" title={tr.t(dirty ? 'ui.topBar.unsaved' : 'ui.topBar.saved')}>
        <span data-testid="doc-name">{name === 'Untitled' ? tr.t('ui.topBar.untitled') : name}</span>
        {dirty && (
          <span className="dirty" data-testid="dirty-mark" aria-label={tr.t('ui.topBar.unsavedMark')}>
            ●
          </span>
        )}
      </div>
      {TOOLBAR_GROUPS.map((group) => (
        <div className="tb-group" key={group}>
          {toolbarCommands(group).map((id) => (
            <Fragment key={id}>
              <Btn id={id} deps={deps} />
              {id === 'open' && <RecentMenu deps={deps} />}
            </Fragment>
          ))}
        </div>
      ))}
      <div className="tb-spacer" />
      <button
        type="button"
        className="tb-btn"
        data-testid="btn-export"
        title={tr.t('ui.topBar.exportTitle')}
        onClick={onExport}
      >
        {tr.t('ui.topBar.exportImport')}
      </button>
      <button type="button" className="tb-btn primary" data-testid="btn-templates" onClick={onTemplates}>
        {tr.t('ui.app.templates')}
      </button>
      <select
        className="tb-lang"
        data-testid="lang-select"
        aria-label={tr.t('ui.topBar.language')}
        title={tr.t('ui.topBar.language')}
        value={tr.locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) void setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l} title={LOCALE_NAMES[l]}>
            {LOCALE_SHORT[l]}
          </option>
        ))}
      </select>
    </header>
  );
});
