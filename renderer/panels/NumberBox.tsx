// A number box that never writes garbage into the document: what the user types is kept as a local
// draft; a parseable number is committed at once (range and whole-number rules are the engine's
// to report, not ours to clamp), an empty or unparseable box only shows an error here.
import { useEffect, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { numberText, parseNumber } from './model';
import { useT } from '../i18n';

export interface NumberBoxProps {
  readonly value: number;
  readonly onCommit: (value: number) => void;
  /** Called when a new editing session starts (focus), so the caller can group its edits. */
  readonly onBegin?: () => void;
  /** The local (unparseable input) error, or null; reported so the caller can place the message. */
  readonly onLocalError?: (error: string | null) => void;
  /** Extra rule checked before committing (for values the store would refuse), or none. */
  readonly validate?: (value: number) => string | null;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number | 'any';
  readonly disabled?: boolean;
  /** Flagged by the engine (e.g. out of range): drawn as invalid although it parsed. */
  readonly invalid?: boolean;
  readonly label: string;
  readonly testId: string;
  readonly id?: string;
  readonly className?: string;
}

export function NumberBox(p: NumberBoxProps) {
  const tr = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const [badInput, setBadInput] = useState(false);
  const [seen, setSeen] = useState(p.value);
  // The stored value changed under us (undo, a fix, a preset): drop a draft that no longer matches.
  if (seen !== p.value) {
    setSeen(p.value);
    if (draft !== null) {
      const d = parseNumber(draft);
      if (!d.ok || d.value !== p.value) {
        setDraft(null);
        setBadInput(false);
      }
    }
  }
  const check = (text: string) => {
    const r = parseNumber(text);
    return r.ok ? (p.validate?.(r.value) ?? null) : r.error;
  };
  const error = badInput ? tr.t('ui.param.notANumber') : draft === null ? null : check(draft);
  const { onLocalError } = p;
  useEffect(() => {
    onLocalError?.(error);
  }, [error, onLocalError]);

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.target.value;
    // A number input reports '' for half-typed text such as "1e"; validity tells it from an empty box.
    const bad = e.target.validity.badInput;
    setDraft(text);
    setBadInput(bad);
    const r = parseNumber(text);
    if (!bad && r.ok && !check(text) && r.value !== p.value) p.onCommit(r.value);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') e.currentTarget.blur();
    if (e.key === 'Escape') {
      setDraft(null);
      setBadInput(false);
      e.currentTarget.blur();
    }
  };
  const onBlur = () => {
    // A committed draft is now the stored value; an invalid one stays visible with its error.
    if (!error) setDraft(null);
  };

  return (
    <input
      type="number"
      className={`pn-num${p.className ? ` ${p.className}` : ''}`}
      id={p.id}
      data-testid={p.testId}
      aria-label={p.label}
      aria-invalid={error !== null || p.invalid ? true : undefined}
      data-local-error={error ?? undefined}
      value={draft ?? numberText(p.value)}
      min={p.min}
      max={p.max}
      step={p.step}
      disabled={p.disabled}
      onFocus={p.onBegin}
      onChange={onChange}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
    />
  );
}
