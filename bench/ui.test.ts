import { describe, expect, it } from 'vitest';
import { analyse } from '../shared/graph';
import { bigGraph, formatUiBench } from './ui';

describe('UI benchmark fixture', () => {
  it('is a valid 300-node graph whose every shape depends on the Input (so an Input edit relabels every edge)', () => {
    const d = bigGraph(300);
    expect(d.nodes).toHaveLength(300);
    const a = analyse(d);
    expect(a.totals.errors).toBe(0);
    expect(a.live.size).toBe(300);
    expect(d.edges.filter((e) => e.targetPort === 'skip').length).toBeGreaterThan(60);
  });

  it('prints every figure with its target', () => {
    const text = formatUiBench({
      nodes: 300,
      edges: 373,
      coldStartMs: { median: 900, max: 1200, runs: [900, 1200] },
      drag: { frames: 300, p50: 16.7, p95: 16.7, max: 40, longTasks: 0 },
      editToLabels: { median: 12, p95: 15, max: 16, withinOneFrame: 12, runs: 12, frame: { median: 9, p95: 14 } },
    });
    expect(text).toMatch(/cold start .*median 900 ms.*target < 1500 ms/);
    expect(text).toMatch(/drag frame time: .*p95 16.7 ms.*target p95 <= 16.7 ms/);
    expect(text).toMatch(/param edit -> all edge labels updated: median 12 ms/);
    expect(text).toMatch(/main-thread work of the frame after the edit .*median 9 ms, p95 14 ms/);
  });
});
