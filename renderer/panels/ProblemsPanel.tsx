// Problems: every error, warning and info the engine reports, errors first. A row focuses its node
// on the canvas; a fix the engine offers is one click.
import { DoctorProblems } from '../explain/Doctor';
import { useState } from 'react';
import type { Problem, Severity } from '../../shared/graph';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { groupProblems, problemKey, SEVERITY_ORDER } from './model';
import { SeverityIcon } from './SeverityIcon';
import './panels.css';
import { useT } from '../i18n';

export function ProblemsPanel() {
  const problems = useAnalysis().problems;
  const tr = useT();
  const [hidden, setHidden] = useState<ReadonlySet<Severity>>(new Set());
  const groups = groupProblems(problems);
  const count = (s: Severity) => problems.filter((p) => p.severity === s).length;
  const toggle = (s: Severity) =>
    setHidden((h) => {
      const n = new Set(h);
      if (!n.delete(s)) n.add(s);
      return n;
    });

  return (
    <div className="pn pn-problems" data-testid="problems">
      <div className="pn-toolbar">
        {SEVERITY_ORDER.map((s) => (
          <button
            key={s}
            type="button"
            className={`pn-filter pn-sev-${s}${hidden.has(s) ? ' pn-off' : ''}`}
            aria-pressed={!hidden.has(s)}
            title={tr.t(hidden.has(s) ? 'ui.problems.show' : 'ui.problems.hide', {
              what: tr.t(`ui.problems.severity.${s}`).toLowerCase(),
            })}
            data-testid={`problems-count-${s}`}
            onClick={() => toggle(s)}
          >
            <SeverityIcon severity={s} /> {count(s)}
          </button>
        ))}
      </div>
      <DoctorProblems />
      {problems.length === 0 ? (
        <div className="pn-empty" data-testid="problems-empty">
          <strong>{tr.t('ui.problems.none')}</strong>
          <span>{tr.t('ui.problems.noneDetail')}</span>
        </div>
      ) : (
        <div className="pn-scroll">
          {groups
            .filter((g) => !hidden.has(g.severity))
            .map((g) => (
              <section key={g.severity} className="pn-group" data-testid={`problems-group-${g.severity}`}>
                <h3 className="pn-group-h">
                  {tr.t(`ui.problems.severity.${g.severity}`)} <span className="pn-muted">{g.problems.length}</span>
                </h3>
                <ul className="pn-problem-list">
                  {g.problems.map((p, i) => (
                    <ProblemRow key={`${problemKey(p)}-${p.param ?? p.port ?? ''}-${i}`} problem={p} />
                  ))}
                </ul>
              </section>
            ))}
        </div>
      )}
    </div>
  );
}

function ProblemRow({ problem: p }: { readonly problem: Problem }) {
  const focusNode = useEditor((s) => s.focusNode);
  const applyFix = useEditor((s) => s.applyFix);
  const locked = useEditor((s) => s.locked);
  const selected = useEditor(
    (s) => p.nodeId !== undefined && s.selectedNodes.length === 1 && s.selectedNodes[0] === p.nodeId,
  );
  const key = problemKey(p);
  const tr = useT();
  const focus = () => {
    if (p.nodeId) focusNode(p.nodeId);
  };
  return (
    <li
      className={`pn-problem pn-sev-${p.severity}${selected ? ' pn-selected' : ''}${p.nodeId ? ' pn-clickable' : ''}`}
      data-testid={`problem-${key}`}
      data-severity={p.severity}
      data-param={p.param}
      title={p.nodeId ? tr.t('ui.problems.showNode', { node: p.nodeId }) : undefined}
      onClick={focus}
    >
      <SeverityIcon severity={p.severity} />
      <div className="pn-problem-body">
        <div className="pn-problem-where">
          {p.nodeId ? (
            // The row is a list item (a click anywhere on it shows the node); the keyboard reaches the node through
            // this button, so the fix button beside it is not nested in another control.
            <button
              type="button"
              className="pn-id pn-id-btn"
              data-testid={`problem-node-${key}`}
              aria-label={tr.t('ui.problems.showNode', { node: p.nodeId })}
              onClick={(e) => {
                e.stopPropagation();
                focus();
              }}
            >
              {p.nodeId}
            </button>
          ) : (
            <span className="pn-muted">{tr.t('ui.problems.graph')}</span>
          )}
          {p.param && <span className="pn-muted">· {p.param}</span>}
          {p.port && <span className="pn-muted">· {tr.t('ui.problems.port', { port: p.port })}</span>}
          <span className="pn-code">{p.code}</span>
        </div>
        <div className="pn-problem-msg">{tr.msg(p.msg)}</div>
        {p.fix && (
          <button
            type="button"
            className="pn-btn pn-btn-fix"
            disabled={locked}
            data-testid={`fix-${key}`}
            title={locked ? tr.t('ui.problems.locked') : undefined}
            onClick={(e) => {
              e.stopPropagation();
              applyFix(p.fix!);
            }}
          >
            <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden>
              <path
                d="M2 8.5l4 4 8-9"
                fill="none"
                stroke="currentColor"
                strokeWidth="2.2"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            {tr.msg(p.fix.msg)}
          </button>
        )}
      </div>
    </li>
  );
}
