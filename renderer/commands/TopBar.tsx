// The top bar: document name with its unsaved mark, the command table's toolbar commands in their groups (file
// commands with recent files, undo/redo, layout and fit), and the template gallery.
import { Fragment, memo, useEffect, useMemo, useRef, useState } from 'react';
import { commandSpec, TOOLBAR_GROUPS, toolbarCommands } from '../../shared/commands/commands';
import { isLocale, LOCALE_NAMES, LOCALE_SHORT, LOCALES } from '../../shared/i18n';
import type { RecentEntry } from '../host/host';
import { useEditor } from '../store/store';
import { commandName, isEnabled } from './enabled';
import { directionLabel, useDirection, type Direction } from '../canvas/direction';
import { THEME_PREFS, setThemePref, useTheme, type ThemePref } from '../theme';
import { documentName, openRecentFile, renameProject } from './files';
import { runCommand, type CommandDeps } from './run';
import { IS_MAC, shortcutHint, type CommandId } from './shortcuts';
import { currentT, setLocale, useT } from '../i18n';
import type { Translator } from '../../shared/i18n';

/** The Direction button's face and name: the arrow of the active direction, and what a click changes it to. */
export function directionFace(dir: Direction, tr: Translator = currentT()): { text: string; name: string } {
  const other: Direction = dir === 'DOWN' ? 'RIGHT' : 'DOWN';
  return {
    text: `${dir === 'DOWN' ? '↓' : '→'} ${tr.t('ui.shell.direction')}`,
    name: tr.t('ui.shell.directionName', { dir: directionLabel(dir, tr), other: directionLabel(other, tr) }),
  };
}

function Btn({ id, deps }: { id: CommandId; deps: CommandDeps }) {
  const tr = useT();
  const enabled = useEditor((s) => isEnabled(id, s));
  // Renders on every edit when it is Undo (its name follows the history): the fixed texts are translated once.
  const plain = useMemo(() => tr.t(`command.${id}.label`).replace(/\u2026$/, ''), [tr, id]);
  const command = useEditor((s) => commandName(id, s, plain)); // 'Undo Move'
  const dir = useDirection((s) => s.dir);
  const face = id === 'layoutDirection' ? directionFace(dir, tr) : null;
  const name = face?.name ?? command;
  // The Direction button's arrow is its icon; in a narrow window only the icons show (the name stays for readers).
  const icon = face ? (dir === 'DOWN' ? '↓' : '→') : commandSpec(id).toolbar?.icon;
  const text = useMemo(() => tr.t(`command.${id}.text`), [tr, id]);
  const label = face ? tr.t('ui.shell.direction') : text;
  const hint = shortcutHint(id, IS_MAC);
  return (
    <button
      type="button"
      className={icon ? 'tb-btn tb-has-icon' : 'tb-btn'}
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
      {icon ? <span className="tb-label">{label}</span> : label}
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
    // Capture phase: the canvas stops pointer events from bubbling, so a click on it must be seen on the way down.
    const close = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    // Escape closes the menu wherever the focus is (it usually stays on the button that opened it).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      ref.current?.querySelector<HTMLButtonElement>('[data-testid=btn-recent]')?.focus();
    };
    window.addEventListener('pointerdown', close, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      live = false;
      window.removeEventListener('pointerdown', close, true);
      window.removeEventListener('keydown', onKey, true);
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
          aria-label={tr.t('ui.topBar.recent')}
          data-testid="recent-menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <div className="tb-dropdown-title">{tr.t('ui.topBar.recent')}</div>
          {/* A menu needs items (axe's aria-required-children, critical): loading and "none" are disabled ones. */}
          {list === null && (
            <div className="tb-dropdown-empty" role="menuitem" aria-disabled="true">
              {tr.t('ui.topBar.loading')}
            </div>
          )}
          {list?.length === 0 && (
            <div className="tb-dropdown-empty" role="menuitem" aria-disabled="true">
              {tr.t('ui.topBar.noRecent')}
            </div>
          )}
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

/** The project's name; click (or Enter on it) to rename it in place: Enter keeps, Escape cancels. */
function DocName({ deps }: { deps: CommandDeps }) {
  const name = useEditor(documentName);
  const dirty = useEditor((s) => s.doc !== s.savedDoc);
  const file = useEditor((s) => s.fileName);
  const tr = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const cancelled = useRef(false);
  const commit = () => {
    if (editing !== null && !cancelled.current) renameProject(deps, editing);
    cancelled.current = false;
    setEditing(null);
  };
  return (
    <div
      className="doc-title"
      data-testid="doc-title"
      title={dirty ? tr.t('ui.topBar.unsaved') : tr.t('ui.topBar.saved')}
    >
      {editing === null ? (
        <button
          type="button"
          className="doc-name"
          data-testid="doc-name"
          title={file ? tr.t('ui.shell.renameTitleFile', { file }) : tr.t('ui.shell.renameTitle')}
          onClick={() => setEditing(name)}
        >
          {name}
        </button>
      ) : (
        <input
          className="doc-name-input"
          data-testid="doc-name-input"
          aria-label={tr.t('ui.shell.projectName')}
          value={editing}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setEditing(e.currentTarget.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Enter') e.currentTarget.blur();
            else if (e.key === 'Escape') {
              cancelled.current = true;
              e.currentTarget.blur();
            }
          }}
        />
      )}
      {dirty && (
        <span className="dirty" data-testid="dirty-mark" aria-label={tr.t('ui.topBar.unsavedMark')}>
          ●
        </span>
      )}
    </div>
  );
}

const THEME_LABEL = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' } as const satisfies Record<
  ThemePref,
  string
>;

/** System / light / dark, remembered. */
function ThemeSelect() {
  const { pref } = useTheme();
  const tr = useT();
  return (
    <select
      className="tb-select"
      data-testid="theme-select"
      aria-label={tr.t('ui.shell.theme')}
      title={tr.t('ui.shell.themeTitle')}
      value={pref}
      onChange={(e) => setThemePref(e.currentTarget.value as ThemePref)}
    >
      {THEME_PREFS.map((p) => (
        <option key={p} value={p}>
          {tr.t(`ui.shell.${THEME_LABEL[p]}`)}
        </option>
      ))}
    </select>
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
  const tr = useT();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          ◧
        </span>
        <span className="brand-text">CNN Designer</span>
      </div>
      <DocName deps={deps} />
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
      <ThemeSelect />
      <button
        type="button"
        className="tb-btn tb-has-icon"
        data-testid="btn-export"
        title={tr.t('ui.topBar.exportTitle')}
        onClick={onExport}
      >
        <span className="tb-icon" aria-hidden>
          ⇅
        </span>
        <span className="tb-label">{tr.t('ui.topBar.exportImport')}</span>
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
