// The layer definitions' parameter values are typed from their specs. This file is checked by tsc
// (`npm run typecheck`): each `@ts-expect-error` line must fail to compile, so a misspelt or renamed
// parameter, a value outside an enum, or a preset naming a parameter the layer does not have is a
// compile error. The runtime checks below only keep vitest from calling the file empty.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CATALOGUE } from './catalogue';
import { defineLayer, noCounts, type LayerValues } from './layer';
import { Conv2D, Conv2DTranspose } from './layers/conv';
import { Activation, BatchNorm, Dense } from './layers/core';
import { Residual } from './layers/merge';
import { Pool } from './layers/pool';
import { bool, choice, defaultParams, int, pair, type Pair } from './params';

type ConvP = LayerValues<typeof Conv2D>;

describe('layer parameter values are typed from their specs', () => {
  it('reads each parameter with its own type', () => {
    expectTypeOf<ConvP['filters']>().toEqualTypeOf<number>();
    expectTypeOf<ConvP['kernel']>().toEqualTypeOf<Pair>();
    expectTypeOf<ConvP['bias']>().toEqualTypeOf<boolean>();
    expectTypeOf<ConvP['padding']>().toEqualTypeOf<'valid' | 'same' | 'full' | 'explicit'>();
    expectTypeOf<LayerValues<typeof Conv2DTranspose>['padding']>().toEqualTypeOf<'valid' | 'same'>();
    expectTypeOf<LayerValues<typeof Pool>['mode']>().toEqualTypeOf<'max' | 'avg'>();
    expectTypeOf<LayerValues<typeof Residual>['projection']>().toEqualTypeOf<'none' | 'conv' | 'conv_bn'>();
    expectTypeOf<LayerValues<typeof Activation>['kind']>().toEqualTypeOf<
      'relu' | 'relu6' | 'leakyRelu' | 'prelu' | 'elu' | 'sigmoid' | 'tanh' | 'softmax'
    >();
    expectTypeOf<LayerValues<typeof Dense>['activation']>().toEqualTypeOf<
      'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'tanh' | 'softmax'
    >();
    expectTypeOf<LayerValues<typeof BatchNorm>['epsilon']>().toEqualTypeOf<number>();
    // The defaults are the same type.
    expectTypeOf(defaultParams(Conv2D.params)).toEqualTypeOf<ConvP>();
    expect(defaultParams(Conv2D.params).padding).toBe('same');
  });

  it('refuses a parameter the layer does not have, and a value outside an enum', () => {
    const p = defaultParams(Conv2D.params);
    // @ts-expect-error Conv2D has no parameter "filterz".
    expect(p.filterz).toBeUndefined();
    // @ts-expect-error 'reflect' is not one of Conv2D's padding modes.
    const bad: ConvP['padding'] = 'reflect';
    // @ts-expect-error kernel is a Pair, not a number.
    const k: number = p.kernel;
    expect([bad, k]).toHaveLength(2);
  });

  it('checks every method of a definition against its own specs', () => {
    const Toy = defineLayer({
      type: 'Dense',
      idPrefix: 'toy',
      title: 'Toy',
      category: 'Core',
      doc: '',
      formulas: [],
      params: {
        units: int('Units', 1, 8, 2, ''),
        kernel: pair('Kernel', 1, 9, [3, 3], ''),
        mode: choice('Mode', ['a', 'b'], 'a', ''),
        bias: bool('Bias', true, ''),
      },
      presets: [
        { label: 'ok', params: { units: 4, mode: 'b' } },
        // @ts-expect-error a preset may only name the layer's own parameters.
        { label: 'typo', params: { unitz: 4 } },
        // @ts-expect-error a preset's value must be one of the options.
        { label: 'bad mode', params: { mode: 'c' } },
      ],
      ports: () => ['in'],
      // @ts-expect-error "unit" is not a parameter of this layer.
      summary: (p) => `${p.unit}`,
      infer: ({ params: p, inputs }) => {
        // @ts-expect-error p.mode is 'a' | 'b': comparing it with 'c' is a mistake.
        if (p.mode === 'c') return { shape: null };
        return { shape: [p.units * p.kernel[0], ...inputs[0].slice(1)] };
      },
      rf: ({ inputs }) => inputs[0],
      counts: (p) => ({ ...noCounts, trainable: p.bias ? p.units : 0 }),
      tfjs: ({ tf, params: p, inputs, name }) =>
        // @ts-expect-error tfjs's `units` wants a number; `p.kernel` is a Pair.
        tf.layers.dense({ name, units: p.kernel }).apply(inputs[0]) as (typeof inputs)[0],
    });
    expect(Toy.summary({ units: 2, kernel: [3, 3], mode: 'a', bias: true })).toBe('undefined');
  });

  it('keeps the catalogue a record of plain definitions (values by name) for the analysis', () => {
    expectTypeOf(CATALOGUE.Conv2D.summary)
      .parameter(0)
      .toEqualTypeOf<Readonly<Record<string, import('./types').ParamValue>>>();
    expect(CATALOGUE.Conv2D).toBe(Conv2D);
  });
});
