// The template gallery: every built-in network and a blank graph. The figures on each card are
// computed by the engine from the template's document, and checked against the published ones.
import { emptyDoc, formatCount, formatSI, type GraphDoc } from '../../shared/graph';
import { TEMPLATES, type Template } from '../../templates';
import { selectDirty, useEditor } from '../store/store';
import { templateFigures, type TemplateFigures } from './model';
import { TourLinks } from '../explain/Tour';
import { storyOfTemplate } from '../../templates/stories';
import './panels.css';
import { currentT, useT } from '../i18n';

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
    !window.confirm(currentT().t('ui.gallery.confirm', { what, name: s.fileName ?? s.doc.metadata.name }))
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
  const tr = useT();
  const open = (id: string, build: () => GraphDoc, title: string) => {
    if (load(build(), title)) onLoaded?.(id);
  };
  return (
    <div className="pn pn-gallery" data-testid="template-gallery">
      {locked && <div className="pn-note">{tr.t('ui.gallery.locked')}</div>}
      <div className="pn-cards">
        <button
          type="button"
          className="pn-card pn-card-blank"
          data-testid="template-blank"
          disabled={locked}
          onClick={() => open('blank', () => emptyDoc(), tr.t('ui.gallery.blankWhat'))}
        >
          <span className="pn-card-top">
            <span className="pn-chip">{tr.t('ui.gallery.blank')}</span>
          </span>
          <span className="pn-card-title">{tr.t('ui.gallery.blankTitle')}</span>
          <span className="pn-card-desc">{tr.t('ui.gallery.blankDesc')}</span>
          <span className="pn-card-stats">
            <span className="pn-stat">
              <b>0</b>
              <span>{tr.t('ui.gallery.layers')}</span>
            </span>
            <span className="pn-stat">
              <b>0</b>
              <span>{tr.t('ui.gallery.trainable')}</span>
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
  const tr = useT();
  const description = tr.t(`ui.template.${t.id}`, {});
  // What the classic this template follows introduced (the same line as its guided tour's).
  const story = storyOfTemplate(t);
  return (
    <button
      type="button"
      className="pn-card"
      data-testid={`template-${t.id}`}
      disabled={disabled}
      onClick={onOpen}
      title={tr.t('ui.gallery.open', { title: t.title })}
    >
      <span className="pn-card-top">
        <span className={`pn-chip pn-fam-${t.family.replace(/[^A-Za-z]/g, '').toLowerCase()}`}>{t.family}</span>
        <span className="pn-muted pn-small">{tr.t('ui.gallery.input', { shape: f.input })}</span>
      </span>
      <span className="pn-card-title">{t.title}</span>
      <span className="pn-card-desc" title={description === `ui.template.${t.id}` ? f.description : description}>
        {description === `ui.template.${t.id}` ? f.description : description}
      </span>
      {story && (
        <span className="ex-card-story" data-testid={`template-${t.id}-story`}>
          {tr.t('ui.explain2.introduced', {
            name: story.name,
            year: story.year,
            what: tr.t(`ui.tours.${story.key}.introduced`),
          })}
        </span>
      )}
      <span className="pn-card-stats">
        <span className="pn-stat">
          <b data-testid={`template-${t.id}-nodes`}>{f.nodes}</b>
          <span>{tr.t('ui.gallery.layers')}</span>
        </span>
        <span className="pn-stat">
          <b data-testid={`template-${t.id}-params`}>{formatCount(f.trainable)}</b>
          <span>{tr.t('ui.gallery.trainable')}</span>
        </span>
        <span className="pn-stat" title={tr.t('ui.gallery.macsHelp', { n: formatCount(f.macs) })}>
          <b>{formatSI(f.macs)}</b>
          <span>MACs</span>
        </span>
      </span>
      {t.published ? (
        matches ? (
          <span
            className="pn-badge pn-badge-ok"
            data-testid={`template-${t.id}-published`}
            title={tr.t('ui.gallery.matchesHelp')}
          >
            {tr.t('ui.gallery.matches', { n: formatCount(t.trainable) })}
          </span>
        ) : (
          <span className="pn-badge pn-badge-bad" data-testid={`template-${t.id}-published`}>
            {tr.t('ui.gallery.differs', { n: formatCount(t.trainable) })}
          </span>
        )
      ) : (
        <span className="pn-badge pn-badge-none">{tr.t('ui.gallery.own')}</span>
      )}
    </button>
  );
}
