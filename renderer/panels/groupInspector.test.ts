import { describe, expect, it } from 'vitest';
import { groupOfSelection } from './GroupInspector';

describe('the group a selection is', () => {
  const groups = [
    { id: 'g1', label: 'Group 1', nodes: ['a', 'b', 'c'], collapsed: true },
    { id: 'g2', label: 'Group 2', nodes: ['d'], collapsed: false },
  ];
  it('is the group whose members are exactly the selection, in any order', () => {
    expect(groupOfSelection(groups, ['c', 'a', 'b'])?.id).toBe('g1');
    expect(groupOfSelection(groups, ['d'])?.id).toBe('g2');
  });
  it('is none for part of a group, a group and more, or no groups', () => {
    expect(groupOfSelection(groups, ['a', 'b'])).toBeUndefined();
    expect(groupOfSelection(groups, ['a', 'b', 'c', 'd'])).toBeUndefined();
    expect(groupOfSelection(groups, [])).toBeUndefined();
    expect(groupOfSelection(undefined, ['a'])).toBeUndefined();
  });
});
