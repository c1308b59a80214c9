// What conv and pooling layers share about a window that is bigger than its input: the 'valid' error's
// fix shrinks the window to fit (padding 'same' would only hide the mistake behind zeros), and with
// padding 'same' such a window gets a warning of its own.
import { effectiveKernel, fittingKernel } from '../convmath';
import type { Pair } from '../params';
import { fixSay, say } from '../../i18n/msg';
import type { Fix, Problem } from '../types';

const dims = (v: readonly number[]) => `${v[0]}x${v[1]}`;

/** The window after shrinking each axis to fit `room` (input plus fixed padding) at dilation `d`. */
export function fittedWindow(k: Pair, d: Pair, room: readonly [number, number]): Pair {
  return [fittingKernel(k[0], d[0], room[0]), fittingKernel(k[1], d[1], room[1])];
}

/** "Set kernel to 28x28 (the input size)" or "(the largest that fits)", as a setParam fix. */
export function shrinkFix(
  nodeId: string,
  param: string,
  what: string,
  k: Pair,
  d: Pair,
  room: readonly [number, number],
  input: readonly [number, number],
): Fix {
  const to = fittedWindow(k, d, room);
  const whole = d[0] === 1 && d[1] === 1 && to[0] === input[0] && to[1] === input[1];
  return {
    kind: 'setParam',
    ...fixSay(`fix.shrink-${what === 'kernel' ? 'kernel' : 'window'}-${whole ? 'input' : 'fits'}`, { size: dims(to) }),
    nodeId,
    param,
    value: to,
  };
}

/**
 * A warning for a window larger than its input under padding 'same': the output keeps its size, but
 * every window is mostly zero padding, so the extra taps never see data and the receptive field
 * overstates what the layer looks at. Null when the window fits.
 */
export function windowExceedsInput(
  nodeId: string,
  param: string,
  what: 'Kernel' | 'Pooling window',
  k: Pair,
  d: Pair,
  input: readonly [number, number],
): Problem | null {
  const ke: Pair = [effectiveKernel(k[0], d[0]), effectiveKernel(k[1], d[1])];
  if (ke[0] <= input[0] && ke[1] <= input[1]) return null;
  const key =
    what === 'Kernel'
      ? d[0] * d[1] > 1
        ? 'problem.window-exceeds-input-dilated'
        : 'problem.window-exceeds-input'
      : 'problem.window-exceeds-input-pool';
  return {
    severity: 'warning',
    code: 'window-exceeds-input',
    nodeId,
    param,
    ...say(key, { window: dims(k), effective: dims(ke), input: dims(input) }),
    fix: shrinkFix(nodeId, param, what === 'Kernel' ? 'kernel' : 'window', k, d, input, input),
  };
}
