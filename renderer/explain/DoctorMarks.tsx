// The training doctor's health mark on the canvas: a small badge on each node a diagnosis concerns, its title the
// diagnosis. Drawn through a portal into the node's element, so the node faces stay as they are.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n';
import { useDiagnoses } from './Doctor';
import './explain.css';

export function DoctorMarks() {
  const tr = useT();
  const diagnoses = useDiagnoses();
  const [targets, setTargets] = useState<{ id: string; el: Element; title: string }[]>([]);
  useEffect(() => {
    const byNode = new Map<string, string[]>();
    for (const d of diagnoses)
      for (const id of d.nodeIds) byNode.set(id, [...(byNode.get(id) ?? []), tr.msg(d.titleMsg)]);
    // The node elements exist once React Flow has drawn them: look them up on the next frame.
    const raf = requestAnimationFrame(() =>
      setTargets(
        [...byNode].flatMap(([id, titles]) => {
          const el = document.querySelector(`[data-testid="node-${CSS.escape(id)}"]`);
          return el ? [{ id, el, title: titles.join('; ') }] : [];
        }),
      ),
    );
    return () => cancelAnimationFrame(raf);
  }, [diagnoses, tr]);
  return (
    <>
      {targets.map((t) =>
        createPortal(
          <span
            className="ex-health"
            data-testid={`health-${t.id}`}
            title={tr.t('ui.explain.doctorMark', { title: t.title })}
          >
            !
          </span>,
          t.el,
          t.id,
        ),
      )}
    </>
  );
}
