// Comparing runs in the reader's language: the schedule a setting names, the layer types and parameters of the
// network diff, how a run stopped. Compared in English (so a language never makes two runs differ).
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { compareRuns, describeComparison, runSummaryLine, scheduleText, typesOf } from './runCompare';
import { describeRunRecord } from './runRecord';
import { sampleRecord } from './runTesting';
import { chain, tinyNet } from './testing';

const zh = translator('zh-CN').t;

describe('run comparison in Chinese', () => {
  const a = sampleRecord(tinyNet(), undefined, { schedule: { kind: 'step', everyEpochs: 3, gamma: 0.1 } });
  const net = chain('b', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ['conv', 'Conv2D', { filters: 4, kernel: [3, 3], padding: 'same' }],
    ['flat', 'Flatten', {}],
    ['dense', 'Dense', { units: 10 }],
  ]);
  const b = sampleRecord(net, undefined, { schedule: { kind: 'cosine' } });

  it('names the learning-rate schedules', () => {
    expect(scheduleText({ kind: 'step', everyEpochs: 3, gamma: 0.1 })).toBe('step x0.1 every 3 epochs');
    expect(scheduleText({ kind: 'constant' }, zh)).toBe('恒定');
    expect(compareRuns(a, b, zh).settings.find((s) => s.setting === 'schedule')).toEqual({
      setting: 'schedule',
      a: '阶梯：每 3 个轮次乘以 0.1',
      b: '余弦',
    });
    // the same runs differ in the same settings whatever the language
    expect(compareRuns(a, b, zh).settings.map((s) => s.setting)).toEqual(
      compareRuns(a, b).settings.map((s) => s.setting),
    );
  });

  it('writes the network diff with the catalogue names of layer types and parameters', () => {
    const lines = describeComparison('A', 'B', compareRuns(a, b, zh), zh, typesOf(b.graph.doc));
    const en = describeComparison('A', 'B', compareRuns(a, b), undefined, typesOf(b.graph.doc));
    expect(en).toContain('  - pool (Pool)');
    expect(lines).toContain('  - pool (Pool 池化)');
    expect(lines).toContain('  ~ conv: 卷积核数 8 -> 4, 步长 2x2 -> 1x1');
    expect(lines).toContain('  学习率调度: 阶梯：每 3 个轮次乘以 0.1 -> 余弦');
  });

  it('says how a run stopped', () => {
    expect(runSummaryLine('r', a, zh)).toMatch(/ {2}完成$/);
    expect(describeRunRecord(a, zh).join('\n')).toContain('完成');
  });
});
