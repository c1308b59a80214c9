// The CLI's tfjs backend: the cpu backend, without tfjs's first-use banner ("install tfjs-node ...").
// tfjs-node is a native binary this project does not ship; training uses our fast CPU kernels instead
// (shared/kernels), and the banner only buried the CLI's own output.
import type * as tfjs from '@tensorflow/tfjs';

export async function useCpuBackend(tf: typeof tfjs): Promise<void> {
  await tf.setBackend('cpu');
  const b = tf.backend() as { firstUse?: boolean };
  if ('firstUse' in b) b.firstUse = false;
}
