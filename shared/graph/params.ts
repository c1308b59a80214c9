// Parameter specifications: the single description of a layer's parameters, read by the inspector
// (controls, ranges, docs), the loader (defaults, repair) and the validator (range problems).
import { fixSay, say, type Msg } from '../i18n/msg';
import type { ParamValue, Params, Problem } from './types';

interface SpecBase {
  readonly label: string;
  readonly doc: string;
  /** Show the control only when this holds (e.g. alpha only for LeakyReLU). */
  readonly visibleIf?: (p: Params) => boolean;
}
export interface IntSpec extends SpecBase {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}
export interface FloatSpec extends SpecBase {
  readonly kind: 'float';
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly step?: number;
  readonly exclusiveMin?: boolean;
}
export interface BoolSpec extends SpecBase {
  readonly kind: 'bool';
  readonly default: boolean;
}
/** One of `options`; `T` keeps the options' literal types so a layer's code sees `'valid' | 'same'`, not string. */
export interface EnumSpec<T extends string = string> extends SpecBase {
  readonly kind: 'enum';
  readonly options: readonly T[];
  readonly default: T;
  readonly optionLabels?: Readonly<Record<string, string>>;
}
/** Two integers, [height, width]: kernel size, stride, dilation, padding. */
export interface PairSpec extends SpecBase {
  readonly kind: 'pair';
  readonly min: number;
  readonly max: number;
  readonly default: Pair;
}

/** A pair parameter's value: [height, width]. */
export type Pair = readonly [number, number];

export type ParamSpec = IntSpec | FloatSpec | BoolSpec | EnumSpec | PairSpec;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value a spec describes: int and float are numbers, an enum is one of its options, a pair is [h, w]. */
export type ValueOf<S extends ParamSpec> = S extends IntSpec | FloatSpec
  ? number
  : S extends BoolSpec
    ? boolean
    : S extends EnumSpec<infer T>
      ? T
      : S extends PairSpec
        ? Pair
        : never;

/**
 * A node's parameter values, typed from its layer's specs: `{ filters: number; kernel: Pair; padding:
 * 'valid' | 'same' | ...; bias: boolean }`. The loader guarantees them (every spec's key present with a
 * value of the spec's type: parseProject fills defaults and repairs the rest), so a layer reads
 * `p.filters` directly and a misspelt or renamed parameter does not compile.
 */
export type ParamValues<S extends ParamSpecs> = { readonly [K in keyof S]: ValueOf<S[K]> };

export const int = (
  label: string,
  min: number,
  max: number,
  def: number,
  doc: string,
  visibleIf?: SpecBase['visibleIf'],
): IntSpec => ({ kind: 'int', label, min, max, default: def, doc, visibleIf });
export const float = (
  label: string,
  min: number,
  max: number,
  def: number,
  doc: string,
  extra?: Partial<Pick<FloatSpec, 'step' | 'exclusiveMin' | 'visibleIf'>>,
): FloatSpec => ({ kind: 'float', label, min, max, default: def, doc, ...extra });
export const bool = (label: string, def: boolean, doc: string, visibleIf?: SpecBase['visibleIf']): BoolSpec => ({
  kind: 'bool',
  label,
  default: def,
  doc,
  visibleIf,
});
export const choice = <const T extends string>(
  label: string,
  options: readonly T[],
  def: NoInfer<T>,
  doc: string,
  extra?: Partial<Pick<EnumSpec, 'optionLabels' | 'visibleIf'>>,
): EnumSpec<T> => ({ kind: 'enum', label, options, default: def, doc, ...extra });
export const pair = (
  label: string,
  min: number,
  max: number,
  def: Pair,
  doc: string,
  visibleIf?: SpecBase['visibleIf'],
): PairSpec => ({ kind: 'pair', label, min, max, default: def, doc, visibleIf });

export function defaultParams<S extends ParamSpecs>(specs: S): ParamValues<S> {
  const out: Record<string, ParamValue> = {};
  for (const [k, s] of Object.entries(specs)) out[k] = s.default;
  // Each key of S got its spec's default, a value of the spec's type: that is ParamValues<S>.
  return out as ParamValues<S>;
}

function isPair(v: unknown): v is readonly [number, number] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

/** Does a raw value have the right JSON type for the spec (range is checked separately)? */
export function hasParamType(spec: ParamSpec, v: unknown): boolean {
  switch (spec.kind) {
    case 'int':
      return typeof v === 'number' && Number.isFinite(v);
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string' && spec.options.includes(v);
    case 'pair':
      return (
        (typeof v === 'number' && Number.isFinite(v)) || (isPair(v) && Number.isFinite(v[0]) && Number.isFinite(v[1]))
      );
  }
}

/** Normalise a value of the right type: a single number for a pair means [n, n]. */
export function normaliseParam(spec: ParamSpec, v: ParamValue): ParamValue {
  if (spec.kind === 'pair' && typeof v === 'number') return [v, v];
  return v;
}

function fmt(v: ParamValue): string {
  return Array.isArray(v) ? `${v[0]}x${v[1]}` : String(v);
}

/**
 * Range problems for one node's params (already type-correct). Values are kept as the user typed
 * them; the problem says what is wrong and offers to clamp.
 */
const entriesCache = new WeakMap<ParamSpecs, [string, ParamSpec][]>();
const NONE: Problem[] = [];

/** The catalogue key of a parameter's label: the label shown in the user's locale. */
export const paramLabel = (type: string, name: string): Msg => ({ key: `param.${type}.${name}.label` });

export function paramRangeProblems(nodeId: string, specs: ParamSpecs, params: Params, type: string): Problem[] {
  let entries = entriesCache.get(specs);
  if (!entries) {
    entries = Object.entries(specs);
    entriesCache.set(specs, entries);
  }
  let out = NONE;
  for (const [name, spec] of entries) {
    const v = params[name];
    if (spec.visibleIf && !spec.visibleIf(params)) continue;
    if (spec.kind === 'int' || spec.kind === 'float') {
      const n = v as number;
      const intBad = spec.kind === 'int' && !Number.isInteger(n);
      const low = spec.kind === 'float' && spec.exclusiveMin ? n <= spec.min : n < spec.min;
      if (intBad || low || n > spec.max) {
        const clamped = Math.min(spec.max, Math.max(spec.min, spec.kind === 'int' ? Math.round(n) : n));
        const range =
          spec.kind === 'float' && spec.exclusiveMin ? `(${spec.min}, ${spec.max}]` : `[${spec.min}, ${spec.max}]`;
        if (out === NONE) out = [];
        out.push({
          severity: 'error',
          code: 'param-out-of-range',
          nodeId,
          param: name,
          ...say(spec.kind === 'int' ? 'problem.param-out-of-range-int' : 'problem.param-out-of-range', {
            param: paramLabel(type, name),
            value: n,
            range,
          }),
          fix:
            clamped !== n && !(spec.kind === 'float' && spec.exclusiveMin && clamped <= spec.min)
              ? {
                  kind: 'setParam',
                  ...fixSay('fix.setParam', { param: paramLabel(type, name), value: clamped }),
                  nodeId,
                  param: name,
                  value: clamped,
                }
              : undefined,
        });
      }
    } else if (spec.kind === 'pair') {
      const [a, b] = v as readonly [number, number];
      const bad = (x: number) => !Number.isInteger(x) || x < spec.min || x > spec.max;
      if (bad(a) || bad(b)) {
        const c = (x: number) => Math.min(spec.max, Math.max(spec.min, Math.round(x)));
        if (out === NONE) out = [];
        out.push({
          severity: 'error',
          code: 'param-out-of-range',
          nodeId,
          param: name,
          ...say('problem.param-out-of-range-pair', {
            param: paramLabel(type, name),
            value: fmt(v),
            min: spec.min,
            max: spec.max,
          }),
          fix: {
            kind: 'setParam',
            ...fixSay('fix.setParam', { param: paramLabel(type, name), value: `${c(a)}x${c(b)}` }),
            nodeId,
            param: name,
            value: [c(a), c(b)],
          },
        });
      }
    }
  }
  return out;
}

export { fmt as formatParam };
