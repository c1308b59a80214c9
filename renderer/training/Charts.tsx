// Live charts (recharts, no animation): per-batch loss/accuracy (raw and smoothed), per-epoch train vs
// validation, learning rate and samples/s. Data arrives throttled (<= 10 updates/s) and bounded.
import { memo } from 'react';
import { cloneElement } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochMetrics } from '../../shared/train';
import type { BatchPoint } from './protocol';

const H = 150;
// Fixed size: a ResponsiveContainer measures the DOM on every update, which showed up as main-thread
// layout work while training.
const W = 380;
const axis = { fontSize: 10 };

function Chart({ testId, title, children, points }: { testId: string; title: string; children: React.ReactNode; points: number }) {
  return (
    <figure className="tr-chart" data-testid={testId} data-points={points}>
      <figcaption>{title}</figcaption>
      {cloneElement(children as React.ReactElement<{ width?: number; height?: number }>, { width: W, height: H })}
    </figure>
  );
}

export const BatchCharts = memo(function BatchCharts({ points }: { points: BatchPoint[] }) {
  return (
    <>
      <Chart testId="chart-loss" title="Loss per batch (light: raw, blue: smoothed)" points={points.length}>
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" tick={axis} type="number" domain={['dataMin', 'dataMax']} />
          <YAxis tick={axis} domain={[0, 'auto']} />
          <Tooltip />
          <Line dataKey="loss" name="loss" stroke="#c6d3f5" dot={false} isAnimationActive={false} />
          <Line dataKey="smoothLoss" name="smoothed" stroke="#3a6df0" dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart testId="chart-accuracy" title="Accuracy per batch (light: raw, green: smoothed)" points={points.length}>
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" tick={axis} type="number" domain={['dataMin', 'dataMax']} />
          <YAxis tick={axis} domain={[0, 1]} />
          <Tooltip />
          <Line dataKey="accuracy" name="accuracy" stroke="#c9ecd4" dot={false} isAnimationActive={false} />
          <Line dataKey="smoothAccuracy" name="smoothed" stroke="#12b76a" dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart testId="chart-lr" title="Learning rate (orange, left) and samples/s (purple, right)" points={points.length}>
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" tick={axis} type="number" domain={['dataMin', 'dataMax']} />
          <YAxis yAxisId="lr" tick={axis} />
          <YAxis yAxisId="sps" orientation="right" tick={axis} />
          <Tooltip />
          <Line yAxisId="lr" dataKey="learningRate" name="learning rate" stroke="#dc8a06" dot={false} isAnimationActive={false} />
          <Line yAxisId="sps" dataKey="samplesPerSec" name="samples/s" stroke="#7a5af8" dot={false} isAnimationActive={false} />
        </LineChart>
      </Chart>
    </>
  );
});

export const EpochChart = memo(function EpochChart({ epochs }: { epochs: EpochMetrics[] }) {
  const data = epochs.map((e) => ({ epoch: e.epoch + 1, train: e.loss, validation: e.valLoss, trainAcc: e.accuracy, valAcc: e.valAccuracy }));
  return (
    <Chart testId="chart-epoch" title="Per epoch: loss train (blue) vs validation (red); accuracy dashed (green train, orange validation)" points={data.length}>
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" tick={axis} allowDecimals={false} />
        <YAxis yAxisId="loss" tick={axis} />
        <YAxis yAxisId="acc" orientation="right" tick={axis} domain={[0, 1]} />
        <Tooltip />
        <Line yAxisId="loss" dataKey="train" name="train loss" stroke="#3a6df0" isAnimationActive={false} />
        <Line yAxisId="loss" dataKey="validation" name="val loss" stroke="#d92d20" isAnimationActive={false} />
        <Line yAxisId="acc" dataKey="trainAcc" name="train acc" stroke="#12b76a" strokeDasharray="4 2" isAnimationActive={false} />
        <Line yAxisId="acc" dataKey="valAcc" name="val acc" stroke="#f79009" strokeDasharray="4 2" isAnimationActive={false} />
      </LineChart>
    </Chart>
  );
});
