// Live charts (recharts, no animation): per-batch loss/accuracy (raw and smoothed), per-epoch train vs
// validation, learning rate and samples/s. Data arrives throttled (<= 10 updates/s) and bounded.
import { cloneElement, memo, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochMetrics } from '../../shared/train';
import type { BatchPoint } from './protocol';
import { useT } from '../i18n';

const H = 150;
// Fixed size: a ResponsiveContainer measures the DOM on every update, which showed up as main-thread
// layout work while training.
const W = 380;
// interval={0} on every axis: draw each tick the scale picks (about 5) without measuring every label in the
// DOM first to thin them out (recharts' getStringSize was the top self-time entry of a chart redraw).
const axis = { fontSize: 10 };
/** Learning-rate ticks fit the axis: 1e-3, 7.5e-4 rather than 0.00075 cut off at the left edge. */
const sci = (v: number) => (v === 0 ? '0' : v.toExponential(1).replace('.0e', 'e'));

function Chart({
  testId,
  title,
  children,
  points,
}: {
  testId: string;
  title: string;
  children: React.ReactNode;
  points: number;
}) {
  return (
    <figure className="tr-chart" data-testid={testId} data-points={points}>
      <figcaption>{title}</figcaption>
      {cloneElement(children as React.ReactElement<{ width?: number; height?: number }>, { width: W, height: H })}
    </figure>
  );
}

/** Charts may take at most this share of the main thread while training streams points. */
const BUDGET = 0.05;
/** ...but are never staler than this. */
const MAX_DELAY_MS = 3000;

/**
 * `value`, shown `offsetMs` after it changes, rendered synchronously in a timer task of its own and then
 * not again until its own last render time has been paid back `1 / BUDGET` times over. Each chart thus
 * redraws in its own short task (no long task with all charts at once), and however slow the machine,
 * live charts take about 5% of the UI thread: on a fast one they follow every publish (2 per second),
 * on a slow one less often. Measured per 3-chart update, 300 points: recharts 2.15 45-80 ms, 3.x 80-190
 * ms on this 2-core machine under load (.bench chart micro-benchmark).
 */
function useBudgeted<T>(value: T, offsetMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef({ ms: 0, at: -Infinity });
  useEffect(() => {
    if (value === shown) return;
    const wait = Math.min(
      MAX_DELAY_MS,
      Math.max(offsetMs, last.current.at + last.current.ms / BUDGET - performance.now()),
    );
    const t = setTimeout(() => {
      const t0 = performance.now();
      flushSync(() => setShown(value));
      const t1 = performance.now();
      last.current = { ms: t1 - t0, at: t1 };
    }, wait);
    return () => clearTimeout(t);
  }, [value, shown, offsetMs]);
  return shown;
}

const STAGGER_MS = 120;

/** Room for the axis labels: "1.5e-3" on the left, "0.75" and the last step ("1,500") on the right. */
const CHART_MARGIN = { top: 6, right: 16, bottom: 0, left: 0 };

/** The per-batch charts: what differs between them (axes and lines, children of a LineChart; arrays, keyed). */
const BATCH_CHARTS: readonly { testId: string; title: string; body: React.ReactElement[] }[] = [
  {
    testId: 'chart-loss',
    title: 'Loss per batch (light: raw, blue: smoothed)',
    body: [
      <YAxis key="y" tick={axis} interval={0} domain={[0, 'auto']} />,
      <Line key="raw" dataKey="loss" name="loss" stroke="#c6d3f5" dot={false} isAnimationActive={false} />,
      <Line
        key="smooth"
        dataKey="smoothLoss"
        name="smoothed"
        stroke="#3a6df0"
        dot={false}
        strokeWidth={2}
        isAnimationActive={false}
      />,
    ],
  },
  {
    testId: 'chart-accuracy',
    title: 'Accuracy per batch (light: raw, green: smoothed)',
    body: [
      <YAxis key="y" tick={axis} interval={0} domain={[0, 1]} />,
      <Line key="raw" dataKey="accuracy" name="accuracy" stroke="#c9ecd4" dot={false} isAnimationActive={false} />,
      <Line
        key="smooth"
        dataKey="smoothAccuracy"
        name="smoothed"
        stroke="#12b76a"
        dot={false}
        strokeWidth={2}
        isAnimationActive={false}
      />,
    ],
  },
  {
    testId: 'chart-lr',
    title: 'Learning rate (orange, left) and samples/s (purple, right)',
    body: [
      <YAxis key="lr" yAxisId="lr" tick={axis} interval={0} tickFormatter={sci} />,
      <YAxis key="sps" yAxisId="sps" orientation="right" tick={axis} interval={0} />,
      <Line
        key="lrl"
        yAxisId="lr"
        dataKey="learningRate"
        name="learning rate"
        stroke="#dc8a06"
        dot={false}
        isAnimationActive={false}
      />,
      <Line
        key="spsl"
        yAxisId="sps"
        dataKey="samplesPerSec"
        name="samples/s"
        stroke="#7a5af8"
        dot={false}
        isAnimationActive={false}
      />,
    ],
  },
];

export const BatchCharts = memo(function BatchCharts({ points }: { points: BatchPoint[] }) {
  return (
    <>
      {BATCH_CHARTS.map((spec, i) => (
        <BatchChart key={spec.testId} spec={spec} points={points} offsetMs={i * STAGGER_MS} />
      ))}
    </>
  );
});

const BatchChart = memo(function BatchChart({
  spec,
  points,
  offsetMs,
}: {
  spec: (typeof BATCH_CHARTS)[number];
  points: BatchPoint[];
  offsetMs: number;
}) {
  const shown = useBudgeted(points, offsetMs);
  const tr = useT();
  return useMemo(
    () => (
      <Chart testId={spec.testId} title={tr.t(`ui.charts.${spec.testId}`)} points={shown.length}>
        <LineChart data={shown} margin={CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" tick={axis} interval={0} type="number" domain={['dataMin', 'dataMax']} />
          {spec.body}
          <Tooltip formatter={(v, name) => [v, tr.t(`ui.charts.series.${String(name)}`)]} />
        </LineChart>
      </Chart>
    ),
    [shown, spec, tr],
  );
});

export const EpochChart = memo(function EpochChart({ epochs }: { epochs: EpochMetrics[] }) {
  const tr = useT();
  const data = epochs.map((e) => ({
    epoch: e.epoch + 1,
    train: e.loss,
    validation: e.valLoss,
    trainAcc: e.accuracy,
    valAcc: e.valAccuracy,
  }));
  return (
    <Chart testId="chart-epoch" title={tr.t('ui.charts.chart-epoch')} points={data.length}>
      <LineChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" tick={axis} interval={0} allowDecimals={false} />
        <YAxis yAxisId="loss" tick={axis} interval={0} />
        <YAxis yAxisId="acc" orientation="right" tick={axis} interval={0} domain={[0, 1]} />
        <Tooltip formatter={(v, name) => [v, tr.t(`ui.charts.series.${String(name)}`)]} />
        <Line yAxisId="loss" dataKey="train" name="train loss" stroke="#3a6df0" isAnimationActive={false} />
        <Line yAxisId="loss" dataKey="validation" name="val loss" stroke="#d92d20" isAnimationActive={false} />
        <Line
          yAxisId="acc"
          dataKey="trainAcc"
          name="train acc"
          stroke="#12b76a"
          strokeDasharray="4 2"
          isAnimationActive={false}
        />
        <Line
          yAxisId="acc"
          dataKey="valAcc"
          name="val acc"
          stroke="#f79009"
          strokeDasharray="4 2"
          isAnimationActive={false}
        />
      </LineChart>
    </Chart>
  );
});
