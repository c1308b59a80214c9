import { describe, expect, it } from 'vitest';
import { CATEGORY_ORDER, LAYER_TYPES } from '../../shared/graph';
import { flatItems, itemKey, paletteGroups } from './filter';

describe('palette contents and search', () => {
  it('lists every catalogue layer once, grouped in category order, then the blocks', () => {
    const groups = paletteGroups('');
    const layers = flatItems(groups)
      .filter((it) => it.kind === 'layer')
      .map(itemKey);
    expect(layers.sort()).toEqual([...LAYER_TYPES].sort());
    expect(groups.map((g) => g.name)).toEqual([...CATEGORY_ORDER, 'Blocks']);
    expect(groups.at(-1)!.items.map(itemKey)).toEqual(['snippet-basic-block', 'snippet-bottleneck-block']);
  });

  it('finds layers by title, type and the words users use; the best match comes first', () => {
    const first = (q: string) => itemKey(flatItems(paletteGroups(q))[0]);
    expect(first('conv')).toBe('Conv2D');
    expect(first('batchnorm')).toBe('BatchNorm');
    expect(first('relu')).toBe('Activation');
    expect(first('fully connected')).toBe('Dense');
    expect(first('skip')).toBe('Residual');
    expect(first('bottleneck')).toBe('snippet-bottleneck-block');
    expect(flatItems(paletteGroups('zzz'))).toEqual([]);
  });
});
