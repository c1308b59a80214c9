// The template gallery: every built-in network and a blank graph. The figures on each card are
// computed by the engine from the template's document, and checked against the published ones.
import { emptyDoc, formatCount, formatSI, type GraphDoc } from '../../shared/graph';
import { TEMPLATES, type Template } from '../../templates';
import { selectDirty, useEditor } from '../store/store';
import { templateFigures, type TemplateFigures } from './model';
import { TourLinks } from '../explain/Tour';
import './panels.css';

// Templates never change while the app runs: analyse each one once, on first view.
let figures: ReadonlyMap<string, TemplateFigures> | null = null;
function allFigures() {
  figures ??= new Map(TEMPLATES.map((t) => [t.id, templateFigures(t.build())]));
  return figures;
}

/** Replace the document, asking first if that would lose unsaved changes. */
function load(doc: GraphDoc, what: string): boolean {
  const s = useEditor.getState();
  if (
    selectDirty(s) &&
    !window.confirm(`Open ${what}? Unsaved changes to "${s.fileName ?? s.doc.metadata.name}" will be lost.`)
  )
    return false;
  s.loadDoc(doc, { path: null, name: null });
  return true;
}

export interface TemplateGalleryProps {
  /** Called after a template was loaded (e.g. to close the dialog the gallery sits in). */
  readonly onLoaded?: (templateId: string) => void;
}

export function TemplateGallery({ onLoaded }: TemplateGalleryProps = {}) {
  const locked = useEditor((s) => s.locked);
  const figs = allFigures();
  const open = (id: string, build: () => GraphDoc, title: string) => {
    if (load(build(), title)) onLoaded?.(id);
  };
  return (
    <div className="pn pn-gallery" data-testid="template-gallery">
      {locked && <div className="pn-note">Training is running: stop it to open another network.</div>}
      <div className="pn-cards">
        <button
          type="button"
          className="pn-card pn-card-blank"
          data-testid="template-blank"
          disabled={locked}
          onClick={() => open('blank', () => emptyDoc(), 'a blank graph')}
        >
          <span className="pn-card-top">
            <span className="pn-chip">Blank</span>
          </span>
          <span className="pn-card-title">Blank graph</span>
          <span className="pn-card-desc">
            An empty canvas: drag an Input from the palette and build your own network.
          </span>
          <span className="pn-card-stats">
            <span className="pn-stat">
              <b>0</b>
              <span>layers</span>
            </span>
            <span className="pn-stat">
              <b>0</b>
              <span>trainable params</span>
            </span>
            <span className="pn-stat">
              <b>0</b>
              <span>MACs</span>
            </span>
          </span>
          <span className="pn-badge pn-badge-none">&nbsp;</span>
        </button>
        {TEMPLATES.map((t) => (
          <Card key={t.id} t={t} f={figs.get(t.id)!} disabled={locked} onOpen={() => open(t.id, t.build, t.title)} />
        ))}
      </div>
      <TourLinks onStarted={() => onLoaded?.('tour')} />
    </div>
  );
}

function Card({
  t,
  f,
  disabled,
  onOpen,
}: {
  readonly t: Template;
  readonly f: TemplateFigures;
  readonly disabled: boolean;
  readonly onOpen: () => void;
}) {
  const matches = f.trainable === t.trainable;
  return (
    <button
      type="button"
      className="pn-card"
      data-testid={`template-${t.id}`}
      disabled={disabled}
      onClick={onOpen}
      title={`Open ${t.title}`}
    >
      <span className="pn-card-top">
        <span className={`pn-chip pn-fam-${t.family.replace(/[^A-Za-z]/g, '').toLowerCase()}`}>{t.family}</span>
        <span className="pn-muted pn-small">input {f.input}</span>
      </span>
      <span className="pn-card-title">{t.title}</span>
      <span className="pn-card-desc" title={f.description}>
        {f.description}
      </span>
      <span className="pn-card-stats">
        <span className="pn-stat">
          <b data-testid={`template-${t.id}-nodes`}>{f.nodes}</b>
          <span>layers</span>
        </span>
        <span className="pn-stat">
          <b data-testid={`template-${t.id}-params`}>{formatCount(f.trainable)}</b>
          <span>trainable params</span>
        </span>
        <span className="pn-stat" title={`${formatCount(f.macs)} multiply-accumulates per sample`}>
          <b>{formatSI(f.macs)}</b>
          <span>MACs</span>
        </span>
      </span>
      {t.published ? (
        matches ? (
          <span
            className="pn-badge pn-badge-ok"
            data-testid={`template-${t.id}-published`}
            title="The engine's count equals the figure from the literature"
          >
            ✓ matches published {formatCount(t.trainable)}
          </span>
        ) : (
          <span className="pn-badge pn-badge-bad" data-testid={`template-${t.id}-published`}>
            ≠ published {formatCount(t.trainable)}
          </span>
        )
      ) : (
        <span className="pn-badge pn-badge-none">own variant: no published figure to check</span>
      )}
    </button>
  );
}
