// The guided tour of a classic (templates/stories.ts): the gallery's "Tour" links open the template and start it;
// a card over the canvas tells each step and selects (and centres) the nodes it is about.
import { useEffect } from 'react';
import { create } from 'zustand';
import { STORIES, type Story } from '../../templates/stories';
import { templateById } from '../../templates';
import { currentT, useT } from '../i18n';
import { selectDirty, useEditor } from '../store/store';
import './explain.css';

interface TourState {
  story: Story | null;
  step: number;
}
export const useTour = create<TourState>()(() => ({ story: null, step: 0 }));

function show(story: Story, step: number) {
  useTour.setState({ story, step });
  const nodes = story.steps[step].nodes;
  const s = useEditor.getState();
  s.focusNode(nodes[0]);
  useEditor.setState({ selectedNodes: [...nodes], selectedEdges: [] });
}

/** Opens the story's template (asking first when that loses unsaved changes) and starts its tour. */
export function startTour(story: Story): boolean {
  const t = templateById(story.templateId);
  const s = useEditor.getState();
  if (!t || s.locked) return false;
  if (
    selectDirty(s) &&
    !window.confirm(currentT().t('ui.gallery.confirm', { what: story.name, name: s.fileName ?? s.doc.metadata.name }))
  )
    return false;
  s.loadDoc(t.build(), { path: null, name: null });
  // The canvas lays the template out first; the first step's focus follows.
  setTimeout(() => show(story, 0), 300);
  useTour.setState({ story, step: 0 });
  return true;
}

/** The gallery's row of tours, each with what the classic introduced. */
export function TourLinks({ onStarted }: { onStarted?: () => void }) {
  const tr = useT();
  const locked = useEditor((s) => s.locked);
  return (
    <div className="ex-tours" data-testid="template-stories">
      <div className="pn-small">
        <strong>{tr.t('ui.explain.toursTitle')}</strong>
      </div>
      {STORIES.map((s) => (
        <div key={s.templateId} className="ex-story">
          <button
            type="button"
            className="pn-btn"
            disabled={locked}
            data-testid={`tour-${s.templateId}`}
            onClick={() => {
              if (startTour(s)) onStarted?.();
            }}
          >
            {tr.t('ui.explain.tour', { name: s.name, year: s.year })}
          </button>
          <span className="pn-small">{tr.t(`ui.tours.${s.key}.introduced`)}</span>
        </div>
      ))}
    </div>
  );
}

/** The card over the canvas while a tour runs. */
export function TourCard() {
  const tr = useT();
  const { story, step } = useTour();
  const docName = useEditor((s) => s.doc.nodes.length);
  // A different graph (opened, or the template edited away) ends nothing, but a step without its nodes is skipped.
  useEffect(() => {
    if (!story) return;
    const ids = new Set(useEditor.getState().doc.nodes.map((n) => n.id));
    if (!story.steps[step].nodes.some((id) => ids.has(id))) useTour.setState({ story: null, step: 0 });
  }, [story, step, docName]);
  if (!story) return null;
  const last = step === story.steps.length - 1;
  return (
    <div className="ex-tour" data-testid="tour-card" data-step={step}>
      <div className="pn-small pn-muted">
        {tr.t('ui.explain.tourStep', { name: story.name, year: story.year, i: step + 1, n: story.steps.length })}
      </div>
      <div className="ex-tour-title">{tr.t(`ui.tours.${story.key}.s${step + 1}.title`)}</div>
      <div className="pn-small">{tr.t(`ui.tours.${story.key}.s${step + 1}.text`)}</div>
      <div className="tr-row">
        <button className="pn-btn" data-testid="tour-prev" disabled={step === 0} onClick={() => show(story, step - 1)}>
          {tr.t('ui.explain.back')}
        </button>
        {!last && (
          <button className="pn-btn tr-primary" data-testid="tour-next" onClick={() => show(story, step + 1)}>
            {tr.t('ui.explain.next')}
          </button>
        )}
        <button className="pn-btn" data-testid="tour-close" onClick={() => useTour.setState({ story: null, step: 0 })}>
          {tr.t(last ? 'ui.explain.done' : 'ui.explain.close')}
        </button>
      </div>
    </div>
  );
}
