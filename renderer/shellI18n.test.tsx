// The shell's text (top bar, side panels, training panel details, notices) comes from the catalogues: English by
// default, Chinese when the user picks zh-CN, and the worker's CPU detail travels as a message, not a sentence.
import { describe, expect, it } from 'vitest';
import { translator } from '../shared/i18n';
import { directionLabel } from './canvas/direction';
import { directionFace } from './commands/TopBar';
import type { GraphDoc } from '../shared/graph';
import { wireAcrossGroups } from './canvas/wiring';
import { appI18n } from './i18n';
import { cpuDetail } from './training/backend';

const en = translator('en');
const zh = translator('zh-CN');

describe('shell text in both locales', () => {
  it('the Direction button reads in the chosen language', () => {
    expect(directionFace('DOWN', en)).toEqual({
      text: '↓ Direction',
      name: 'Layout direction: top to bottom (click for left to right)',
    });
    expect(directionFace('RIGHT', zh)).toEqual({ text: '→ 方向', name: '布局方向：从左到右（点击改为从上到下）' });
    expect(directionLabel('DOWN', zh)).toBe('从上到下');
  });

  it("the CPU backend's detail is a message: the same English as before, and Chinese in zh-CN", () => {
    const single = cpuDetail({ mode: 'wasm', threads: 1, threadNote: 'this page is not cross-origin isolated' });
    expect(typeof single).toBe('object');
    expect(en.msg(single)).toBe('tfjs cpu + fast wasm kernels; CPU: 1 thread (this page is not cross-origin isolated)');
    expect(zh.msg(single)).toBe('tfjs cpu + 快速 wasm 内核；CPU：1 个线程（此页面未启用跨源隔离）');
    const many = cpuDetail({ mode: 'wasm', threads: 2, threadNote: undefined });
    expect(en.msg(many)).toBe('tfjs cpu + fast wasm kernels; CPU: 2 threads');
    expect(zh.msg(many)).toBe('tfjs cpu + 快速 wasm 内核；CPU：2 个线程');
    // An unforeseen reason is quoted as it is.
    expect(en.msg(cpuDetail({ mode: 'js', threads: 1, threadNote: 'odd reason' }))).toMatch(
      /CPU: 1 thread \(odd reason\)$/,
    );
  });

  it('notices and prompts have Chinese text', () => {
    for (const key of ['ui.shell.lockedDrag', 'ui.shell.saveAsPrompt', 'ui.shell.blockedData', 'ui.shell.themeDark']) {
      expect(zh.t(key)).not.toBe(key);
      expect(zh.t(key)).not.toBe(en.t(key));
    }
    expect(zh.t('ui.shell.notConnected', { error: 'x' })).toBe('未连接：x');
    expect(en.t('ui.shell.blockedErrors', { count: 1234 })).toBe("Fix the graph's 1,234 errors first (Problems tab).");
  });

  it("a wire refused at a group's box says why in the current language", async () => {
    const doc = { nodes: [], edges: [], groups: [] } as unknown as GraphDoc;
    expect(wireAcrossGroups(doc, 'group:g1', 'x', 'in')).toEqual({ error: 'The group g1 no longer exists.' });
    await appI18n.changeLanguage('zh-CN');
    try {
      expect(wireAcrossGroups(doc, 'group:g1', 'x', 'in')).toEqual({ error: '分组 g1 已不存在。' });
    } finally {
      await appI18n.changeLanguage('en');
    }
  });
});
