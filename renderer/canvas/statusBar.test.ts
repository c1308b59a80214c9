// The status bar renders on every edit (the MACs change with any shape); its texts go through textCache, which
// translates only what changed. Real translator (i18next, both locales), counted.
import { describe, expect, it } from 'vitest';
import type { Translator } from '../../shared/i18n';
import { currentT } from '../i18n';
import { textCache } from './StatusBar';

function counted(tr: Translator): { tr: Translator; calls: () => number } {
  let n = 0;
  return {
    tr: { ...tr, t: (k, p) => (n++, tr.t(k, p)) },
    calls: () => n,
  };
}

describe('the status bar texts', () => {
  it('are translated again only when their values change, and read as tr.t writes them', () => {
    const real = currentT();
    const { tr, calls } = counted(real);
    const c = textCache(tr);
    const bar = (macs: number, errors: number) => [
      c.t('ui.status.layers', { n: 300 }),
      c.t('ui.status.macs', { n: `${macs} M` }),
      c.t(errors === 1 ? 'ui.status.error' : 'ui.status.errors', { n: errors }),
      c.t('ui.status.hint'),
    ];
    const first = bar(10, 0);
    expect(first).toEqual([
      real.t('ui.status.layers', { n: 300 }),
      real.t('ui.status.macs', { n: '10 M' }),
      real.t('ui.status.errors', { n: 0 }),
      real.t('ui.status.hint'),
    ]);
    expect(calls()).toBe(4);
    // 30 edits of the Input: only the MACs text changes.
    for (let i = 0; i < 30; i++) expect(bar(11 + i, 0)[1]).toBe(real.t('ui.status.macs', { n: `${11 + i} M` }));
    expect(calls()).toBe(4 + 30);
    expect(bar(40, 1)[2]).toBe(real.t('ui.status.error', { n: 1 }));
    expect(calls()).toBe(4 + 30 + 1);
  });
});
