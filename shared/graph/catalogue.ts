// The one layer catalogue. Palette, inspector, validator, compiler and exporters read from here;
// adding a layer type means adding one definition file and one line below.
import type { LayerDef } from './layer';
import type { LayerType, Params } from './types';
import { Conv2D, Conv2DTranspose } from './layers/conv';
import { Activation, BatchNorm, Dense, Dropout, Flatten, Softmax } from './layers/core';
import { Input } from './layers/input';
import { Concat, Residual } from './layers/merge';
import { GlobalPool, Pool } from './layers/pool';
import { defaultParams } from './params';
import { addEnglish } from '../i18n/msg';
import { layerEntries } from '../i18n/tables';

const DEFINITIONS = {
  Input,
  Conv2D,
  Conv2DTranspose,
  Pool,
  GlobalPool,
  Activation,
  BatchNorm,
  Dropout,
  Flatten,
  Dense,
  Softmax,
  Residual,
  Concat,
} satisfies Record<LayerType, LayerDef>;

/**
 * Every definition by type. Each is typed by its own specs where it is written (layers/*.ts); here
 * they are seen as `LayerDef`, values by name, because a node's params are only known to fit its
 * type's specs at run time (the loader checks them).
 */
export const CATALOGUE: Readonly<Record<LayerType, LayerDef>> = DEFINITIONS;

export const LAYER_TYPES = Object.keys(CATALOGUE) as LayerType[];

// Problems quote parameter labels as messages; their English is the specs' own (shared/i18n/msg.ts).
addEnglish(layerEntries(CATALOGUE));

export function isLayerType(t: unknown): t is LayerType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, t);
}

export function layerDef(type: LayerType): LayerDef {
  return CATALOGUE[type];
}

export function defaultsFor(type: LayerType): Params {
  return defaultParams(CATALOGUE[type].params);
}

/** The parameters of a node added in the editor: the defaults, then the definition's `newNode` choices. */
export function newNodeParams(type: LayerType): Params {
  const def = CATALOGUE[type];
  return { ...defaultParams(def.params), ...(def.newNode as Params | undefined) };
}

/** Palette groups in display order. */
export const CATEGORY_ORDER = [
  'Input',
  'Convolution',
  'Pooling',
  'Activation',
  'Normalisation',
  'Core',
  'Merge',
  'Output',
] as const;

let nearest: Map<string, string> | null = null;

/** Op type (ONNX or Keras) -> the nearest catalogue alternative, from the definitions' `alternatives`. */
export function nearestAlternative(kind: 'onnx' | 'keras', op: string): string | undefined {
  nearest ??= new Map(
    LAYER_TYPES.flatMap((t) =>
      (['onnx', 'keras'] as const).flatMap((k) =>
        Object.entries(CATALOGUE[t].alternatives?.[k] ?? {}).map(([o, text]) => [`${k}:${o}`, text] as const),
      ),
    ),
  );
  return nearest.get(`${kind}:${op}`);
}
