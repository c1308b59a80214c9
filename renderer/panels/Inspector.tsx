// The inspector: the selected node's parameters (controls derived from the catalogue's specs),
// what the engine derived for it (shapes, receptive field, counts) and what the layer does.
import { useMemo } from 'react';
import {
  formatBytes,
  formatCount,
  formatSI,
  layerDef,
  setParams,
  shapeText,
  type GraphNode,
  type NodeAnalysis,
  type Params,
  type Problem,
} from '../../shared/graph';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/store';
import { rfFigures } from './model';
import { ParamRow } from './ParamRow';
import { SeverityIcon } from './SeverityIcon';
import { workedExample } from './worked';
import './panels.css';
import { useT } from '../i18n';
import { InspectorSees } from '../explain/InspectorSees';
import { GroupInspector, groupOfSelection } from './GroupInspector';

export function Inspector() {
  const selected = useEditor((s) => s.selectedNodes);
  const exists = useEditor((s) => selected.length === 1 && s.doc.nodes.some((n) => n.id === selected[0]));
  // A group is selected as its members (clicking a collapsed group, or just after Ctrl+G): show the group.
  const group = useEditor((s) => groupOfSelection(s.doc.groups, selected));
  const tr = useT();
  if (group) return <GroupInspector key={group.id} group={group} />;
  if (selected.length > 1) {
    return (
      <div className="pn pn-inspector" data-testid="inspector">
        <div className="pn-empty" data-testid="inspector-multi">
          <strong>{tr.t('ui.inspector.multi', { n: selected.length })}</strong>
          <span>{tr.t('ui.inspector.multiHint')}</span>
        </div>
      </div>
    );
  }
  if (!exists) {
    return (
      <div className="pn pn-inspector" data-testid="inspector">
        <div className="pn-empty" data-testid="inspector-empty">
          <strong>{tr.t('ui.inspector.none')}</strong>
          <span>{tr.t('ui.inspector.noneHint')}</span>
        </div>
      </div>
    );
  }
  return <NodeInspector key={selected[0]} id={selected[0]} />;
}

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const samePreset = (params: Params, preset: Params) =>
  Object.entries(preset).every(([k, v]) => JSON.stringify(params[k]) === JSON.stringify(v));

function NodeInspector({ id }: { readonly id: string }) {
  const node = useEditor((s) => s.doc.nodes.find((n) => n.id === id));
  // Deleted a moment ago: the parent switches to its empty state on the same update.
  return node ? <NodeDetails id={id} node={node} /> : null;
}

function NodeDetails({ id, node }: { readonly id: string; readonly node: GraphNode }) {
  const locked = useEditor((s) => s.locked);
  const tr = useT();
  const analysis = useAnalysis();
  const na = analysis.nodes.get(id);
  const def = layerDef(node.type);
  // All problems naming this node, including structural and whole-graph ones.
  const problems = useMemo(() => analysis.problems.filter((p) => p.nodeId === id), [analysis, id]);
  const byParam = useMemo(() => {
    const m = new Map<string, Problem[]>();
    for (const p of problems) if (p.param) m.set(p.param, [...(m.get(p.param) ?? []), p]);
    return m;
  }, [problems]);
  const visible = Object.entries(def.params).filter(([, spec]) => !spec.visibleIf || spec.visibleIf(node.params));
  // Problems about a parameter that is hidden, or about the node as a whole, are listed below.
  const shown = new Set(visible.map(([k]) => k));
  const nodeProblems = problems.filter((p) => !p.param || !shown.has(p.param));
  const worked = useMemo(() => {
    const src = analysis.doc.edges.find((e) => e.target === id && e.targetPort === 'in')?.source;
    return workedExample({
      type: node.type,
      params: node.params,
      inShape: na?.inputShapes[0] ?? null,
      outShape: na?.shape ?? null,
      rfIn: (src && analysis.nodes.get(src)?.rf) || null,
      rfOut: na?.rf ?? null,
    });
  }, [analysis, id, node, na]);
  const applyPreset = (label: string, params: Params) =>
    useEditor
      .getState()
      .edit({ key: 'ui.inspector.preset', params: { label: { key: label } } }, (d) => setParams(d, id, params));

  return (
    <div className="pn pn-inspector" data-testid="inspector" data-node-id={id}>
      <header className="pn-head">
        <div className="pn-head-title">
          <span className="pn-type" data-testid="inspector-type">
            {tr.layerTitle(node.type)}
          </span>
          <span className="pn-chip">{tr.t(`ui.category.${def.category}`)}</span>
        </div>
        <div className="pn-head-sub">
          <code className="pn-id" data-testid="inspector-node-id">
            {id}
          </code>
          {node.label && (
            <span className="pn-label" data-testid="inspector-node-label">
              {node.label}
            </span>
          )}
          <span className="pn-muted">{((s) => (typeof s === 'string' ? s : tr.msg(s)))(def.summary(node.params))}</span>
        </div>
      </header>

      {locked && (
        <div className="pn-note" data-testid="inspector-locked">
          {tr.t('ui.inspector.locked')}
        </div>
      )}

      {visible.length > 0 && (
        <section className="pn-section">
          <h3 className="pn-h">{tr.t('ui.inspector.parameters')}</h3>
          <fieldset className="pn-params" disabled={locked}>
            {visible.map(([name, spec]) => (
              <ParamRow
                key={name}
                nodeId={id}
                name={name}
                type={node.type}
                spec={spec}
                value={node.params[name]}
                problems={byParam.get(name) ?? []}
                disabled={locked}
              />
            ))}
          </fieldset>
          {def.presets && def.presets.length > 0 && (
            <div className="pn-presets" role="group" aria-label={tr.t('ui.inspector.presets')}>
              <span className="pn-presets-label">{tr.t('ui.inspector.presets')}</span>
              {def.presets.map((p, pi) => (
                <button
                  key={p.label}
                  type="button"
                  disabled={locked}
                  className={`pn-btn pn-btn-preset${samePreset(node.params, p.params) ? ' pn-active' : ''}`}
                  data-testid={`inspector-preset-${slug(p.label)}`}
                  onClick={() => applyPreset(`preset.${node.type}.${pi}`, p.params)}
                >
                  {tr.t(`preset.${node.type}.${pi}`)}
                </button>
              ))}
            </div>
          )}
        </section>
      )}

      {nodeProblems.length > 0 && (
        <section className="pn-section">
          <h3 className="pn-h">{tr.t('ui.inspector.problems')}</h3>
          {nodeProblems.map((p, i) => (
            <div key={i} className={`pn-node-problem pn-sev-${p.severity}`} data-testid={`inspector-problem-${p.code}`}>
              <SeverityIcon severity={p.severity} />
              <span>{tr.msg(p.msg)}</span>
              {p.fix && (
                <button
                  type="button"
                  className="pn-btn pn-btn-fix"
                  disabled={locked}
                  onClick={() => useEditor.getState().applyFix(p.fix!)}
                >
                  {tr.msg(p.fix.msg)}
                </button>
              )}
            </div>
          ))}
        </section>
      )}

      <Derived node={node} na={na} />
      {/* Nodes with feature maps: a height x width x channels output, not the Input. */}
      {na?.shape?.length === 3 && id !== analysis.inputId && <InspectorSees nodeId={id} />}

      <section className="pn-section pn-about">
        <h3 className="pn-h">{tr.t('ui.inspector.about', { title: tr.layerTitle(node.type) })}</h3>
        <p className="pn-doc" data-testid="inspector-doc">
          {tr.t(`layer.${node.type}.doc`)}
        </p>
        {def.formulas.length > 0 && (
          <ul className="pn-formulas" data-testid="inspector-formulas">
            {def.formulas.map((f, fi) => (
              <li key={f}>
                <code>{tr.t(`layer.${node.type}.formulas.${fi}`)}</code>
              </li>
            ))}
          </ul>
        )}
        {worked.length > 0 && (
          <>
            <h3 className="pn-h pn-h-sub">{tr.t('ui.inspector.worked')}</h3>
            <ul className="pn-formulas pn-worked" data-testid="inspector-worked">
              {worked.map((f) => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}

/** Shapes, receptive field and cost: computed by the engine, shown read-only. */
function Derived({ node, na }: { readonly node: GraphNode; readonly na: NodeAnalysis | undefined }) {
  const ports = layerDef(node.type).ports(node.params);
  const rf = rfFigures(na?.rf ?? null);
  const counts = na?.counts;
  const tr = useT();
  return (
    <section className="pn-section">
      <h3 className="pn-h">{tr.t('ui.inspector.tensors')}</h3>
      <dl className="pn-kv">
        {ports.map((port, i) => (
          <div key={port} className="pn-kv-row">
            <dt>{ports.length > 1 ? tr.t('ui.inspector.inPort', { port }) : tr.t('ui.inspector.in')}</dt>
            <dd>
              <code data-testid={`inspector-input-shape-${port}`}>
                {na?.inputShapes[i] ? shapeText(na.inputShapes[i]) : tr.t('ui.inspector.notConnected')}
              </code>
            </dd>
          </div>
        ))}
        <div className="pn-kv-row">
          <dt>{tr.t('ui.inspector.out')}</dt>
          <dd>
            <code data-testid="inspector-output-shape">{shapeText(na?.shape ?? null)}</code>
          </dd>
        </div>
      </dl>
      <h3 className="pn-h">{tr.t('ui.inspector.rf')}</h3>
      {rf ? (
        <dl className="pn-kv pn-kv-3" data-testid="inspector-rf">
          <div className="pn-kv-row" title={tr.t('ui.inspector.rfSizeHelp')}>
            <dt>{tr.t('ui.inspector.rfSize')}</dt>
            <dd>
              <code data-testid="inspector-rf-size">{rf.size}</code>
            </dd>
          </div>
          <div className="pn-kv-row" title={tr.t('ui.inspector.rfJumpHelp')}>
            <dt>{tr.t('ui.inspector.rfJump')}</dt>
            <dd>
              <code data-testid="inspector-rf-jump">{rf.jump}</code>
            </dd>
          </div>
          <div className="pn-kv-row" title={tr.t('ui.inspector.rfStartHelp')}>
            <dt>{tr.t('ui.inspector.rfStart')}</dt>
            <dd>
              <code data-testid="inspector-rf-start">{rf.start}</code>
            </dd>
          </div>
        </dl>
      ) : (
        <p className="pn-muted pn-small">{tr.t('ui.inspector.rfUnknown')}</p>
      )}
      <h3 className="pn-h">{tr.t('ui.inspector.cost')}</h3>
      <dl className="pn-kv">
        <div className="pn-kv-row">
          <dt>{tr.t('ui.inspector.params')}</dt>
          <dd data-testid="inspector-params">
            {/* Counts need the shapes: unknown while the node (or one upstream) has an error. */}
            {na?.shape ? formatCount((counts?.trainable ?? 0) + (counts?.nonTrainable ?? 0)) : '?'}
            {counts && counts.nonTrainable > 0 && (
              <span className="pn-muted"> {tr.t('ui.inspector.trainable', { n: formatCount(counts.trainable) })}</span>
            )}
          </dd>
        </div>
        <div className="pn-kv-row">
          <dt>MACs</dt>
          <dd data-testid="inspector-macs" title={formatCount(counts?.macs ?? 0)}>
            {na?.shape ? formatSI(counts?.macs ?? 0) : '?'}
          </dd>
        </div>
        <div className="pn-kv-row">
          <dt>{tr.t('ui.inspector.memory')}</dt>
          <dd title={tr.t('ui.inspector.memoryHelp')}>
            {na?.shape ? tr.t('ui.inspector.perSample', { size: formatBytes(na.activationBytes) }) : '?'}
          </dd>
        </div>
      </dl>
    </section>
  );
}
