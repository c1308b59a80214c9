// One parameter of the selected node, with the control its spec calls for. Values the engine
// rejects (out of range, not whole) stay as typed and are flagged here with the engine's message.
import { useCallback, useState } from 'react';
import { setParams, type ParamSpec, type ParamValue, type Problem } from '../../shared/graph';
import { useEditor } from '../store/store';
import { NumberBox } from './NumberBox';
import { useT } from '../i18n';

// Edits made while one box keeps focus are one undo step; a new focus starts a new step.
let sessionSeq = 0;

export interface ParamRowProps {
  readonly nodeId: string;
  readonly name: string;
  readonly spec: ParamSpec;
  readonly value: ParamValue;
  /** The engine's problems about this parameter. */
  readonly problems: readonly Problem[];
  readonly disabled: boolean;
  /** The node's layer type: the label, doc and option labels come from the catalogue in the user's language. */
  readonly type?: string;
}

export function ParamRow({ nodeId, name, spec, value, problems, disabled, type }: ParamRowProps) {
  const tr = useT();
  const label = type ? tr.paramLabel(type, name) : spec.label;
  const [session, setSession] = useState(0);
  const [localErrors, setLocalErrors] = useState<Readonly<Record<string, string | null>>>({});
  const begin = useCallback(() => setSession(++sessionSeq), []);
  const commit = (v: ParamValue) =>
    useEditor
      .getState()
      .edit(
        { key: 'ui.param.set', params: { label: type ? { key: `param.${type}.${name}.label` } : spec.label } },
        (d) => setParams(d, nodeId, { [name]: v }),
        `param:${nodeId}:${name}:${session}`,
      );
  const setParam = (v: ParamValue) => useEditor.getState().setParam(nodeId, name, v);
  const applyFix = useEditor((s) => s.applyFix);
  const reportH = useCallback((e: string | null) => setLocalErrors((m) => (m.h === e ? m : { ...m, h: e })), []);
  const reportW = useCallback((e: string | null) => setLocalErrors((m) => (m.w === e ? m : { ...m, w: e })), []);

  const invalid = problems.length > 0;
  const id = `pn-param-${nodeId}-${name}`;
  let control;
  switch (spec.kind) {
    case 'int':
    case 'float':
      control = (
        <NumberBox
          value={value as number}
          onCommit={commit}
          onBegin={begin}
          onLocalError={reportH}
          min={spec.min}
          max={spec.max}
          step={spec.kind === 'int' ? 1 : (spec.step ?? 'any')}
          disabled={disabled}
          invalid={invalid}
          label={spec.label}
          testId={`inspector-param-${name}`}
          id={id}
        />
      );
      break;
    case 'pair': {
      const pair = typeof value === 'number' ? ([value, value] as const) : (value as readonly [number, number]);
      control = (
        <span className="pn-pair" data-testid={`inspector-param-${name}`}>
          <NumberBox
            value={pair[0]}
            onCommit={(v) => commit([v, pair[1]])}
            onBegin={begin}
            onLocalError={reportH}
            min={spec.min}
            max={spec.max}
            step={1}
            disabled={disabled}
            invalid={invalid}
            label={tr.t('ui.param.height', { label })}
            testId={`inspector-param-${name}-h`}
            id={id}
          />
          <span className="pn-pair-x" aria-hidden>
            ×
          </span>
          <NumberBox
            value={pair[1]}
            onCommit={(v) => commit([pair[0], v])}
            onBegin={begin}
            onLocalError={reportW}
            min={spec.min}
            max={spec.max}
            step={1}
            disabled={disabled}
            invalid={invalid}
            label={tr.t('ui.param.width', { label })}
            testId={`inspector-param-${name}-w`}
          />
        </span>
      );
      break;
    }
    case 'bool':
      control = (
        <input
          id={id}
          type="checkbox"
          className="pn-check"
          data-testid={`inspector-param-${name}`}
          checked={value === true}
          disabled={disabled}
          onChange={(e) => setParam(e.target.checked)}
        />
      );
      break;
    case 'enum': {
      const options = spec.options.includes(value as string) ? spec.options : [...spec.options, String(value)];
      control = (
        <select
          id={id}
          className="pn-select"
          data-testid={`inspector-param-${name}`}
          aria-invalid={invalid || undefined}
          value={String(value)}
          disabled={disabled}
          onChange={(e) => setParam(e.target.value)}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {type && spec.options.includes(o) ? tr.optionLabel(type, name, o) : (spec.optionLabels?.[o] ?? o)}
            </option>
          ))}
        </select>
      );
      break;
    }
  }

  const local = [localErrors.h, localErrors.w].filter((e): e is string => !!e);
  const range =
    spec.kind === 'int' || spec.kind === 'float' || spec.kind === 'pair' ? `${spec.min} – ${spec.max}` : null;
  return (
    <div className={`pn-param${invalid || local.length ? ' pn-param-invalid' : ''}`} data-param={name}>
      <label className="pn-param-label" htmlFor={id} title={type ? tr.paramDoc(type, name) : spec.doc}>
        {label}
      </label>
      <div className="pn-param-control">
        {control}
        {range && (
          <span className="pn-param-range" title={tr.t('ui.param.range')}>
            {range}
          </span>
        )}
      </div>
      {(local.length > 0 || problems.length > 0) && (
        <div className="pn-param-msgs">
          {local.map((e) => (
            <div key={e} className="pn-param-msg pn-param-msg-local" data-testid={`inspector-local-error-${name}`}>
              {tr.t('ui.param.notApplied', { error: e })}
            </div>
          ))}
          {problems.map((p, i) => (
            <div key={i} className={`pn-param-msg pn-sev-${p.severity}`} data-testid={`inspector-error-${name}`}>
              <span>{tr.msg(p.msg)}</span>
              {p.fix && (
                <button
                  type="button"
                  className="pn-btn pn-btn-fix"
                  disabled={disabled}
                  data-testid={`inspector-fix-${name}`}
                  onClick={() => applyFix(p.fix!)}
                >
                  {tr.msg(p.fix.msg)}
                </button>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
