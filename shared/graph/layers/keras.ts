// Helpers the layer definitions share for reading Keras / TF.js Layers configs (their `fromKeras`).
import { FUSED_ACTIVATIONS } from './common';
import { errorText, msg, type Msg, type MsgOrText } from '../../i18n/msg';
import { reasons } from './reasons';

/** Why a Keras layer cannot be read, shared by the layer files' readers (reason.<key>). */
export const kerasWhy = reasons({
  'channels-first': 'channels_first data format',
  activation: 'activation {{activation}}',
});

/** A Keras config value the importer cannot read; the importer reports it as an ImportError. */
export class KerasConfigError extends Error {
  override readonly name = 'KerasConfigError';
  readonly msg: Msg;
  constructor(m: MsgOrText) {
    const t = errorText(m);
    super(t.message);
    this.msg = t.msg;
  }
}

/** A Keras size: one number or two. */
export function kerasPair(v: unknown, what: string): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0], v[1]];
  throw new KerasConfigError(msg('errors3.keras.pair', { what, value: JSON.stringify(v) }));
}

/** A Keras activation name; none means linear. */
export const kerasActivation = (a: unknown): string => (a === undefined || a === null ? 'linear' : String(a));

/** A Keras activation that our layers take fused, typed as such. */
export const fusedKeras = (a: unknown): (typeof FUSED_ACTIVATIONS)[number] | null => {
  const name = kerasActivation(a);
  return (FUSED_ACTIVATIONS as readonly string[]).includes(name) ? (name as (typeof FUSED_ACTIVATIONS)[number]) : null;
};

export const channelsLast = (c: Readonly<Record<string, any>>): boolean =>
  c.data_format === undefined || c.data_format === null || c.data_format === 'channels_last';

/** [[top, bottom], [left, right]] of a ZeroPadding2D; NaN where unreadable. */
export function zeroPadding(c: Readonly<Record<string, any>>): [[number, number], [number, number]] {
  const p = c.padding;
  if (typeof p === 'number')
    return [
      [p, p],
      [p, p],
    ];
  if (Array.isArray(p) && p.length === 2) {
    const ax = (v: unknown): [number, number] =>
      typeof v === 'number' ? [v, v] : Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [NaN, NaN];
    return [ax(p[0]), ax(p[1])];
  }
  return [
    [NaN, NaN],
    [NaN, NaN],
  ];
}
