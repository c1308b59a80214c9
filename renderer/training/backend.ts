// Which tfjs backend the training worker uses: WebGL on a real GPU; on software GL (SwiftShader, llvmpipe)
// the cpu backend with our fast kernels unless WebGL is chosen; the cpu backend when WebGL is missing.
import type * as tfjs from '@tensorflow/tfjs';
import { installFastCpuKernels, type FastCpuHandle } from '../../shared/kernels';
import type { BackendChoice, FromWorker } from './protocol';
import { webAutoThreads, webThreadWorkers } from './threadWorkers';
import type { Msg } from '../../shared/i18n/msg';

export interface Backend {
  /** The fast CPU kernels when the cpu backend is in use (their output-buffer pool is trimmed after each run). */
  readonly fastCpu: FastCpuHandle | null;
  /** tfjs's WebGL context when the webgl backend is in use. */
  readonly webgl: WebGL2RenderingContext | null;
}

/** Sets up the backend, posts what it got ('backend'), and calls `lost` when the WebGL context is lost. */
export async function initBackend(
  tf: typeof tfjs,
  choice: BackendChoice,
  post: (m: FromWorker) => void,
  lost: () => void,
  threads?: number,
): Promise<Backend> {
  if (choice !== 'cpu') {
    try {
      // Accept software GL (SwiftShader, headless machines): still far faster than tfjs's stock cpu kernels.
      tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        const gl = (tf.backend() as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
        let renderer = 'WebGL';
        if (gl) {
          const ext = gl.getExtension('WEBGL_debug_renderer_info');
          renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
        }
        const software = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
        if (!software || choice === 'webgl') {
          if (gl) {
            (gl as unknown as { canvas: OffscreenCanvas }).canvas.addEventListener?.('webglcontextlost', (e) => {
              e.preventDefault();
              lost();
            });
            // The event may come late or not at all (a read waiting on a fence never ends on a lost context): look too.
            setInterval(() => {
              if (gl.isContextLost()) lost();
            }, 1000);
          }
          post({
            type: 'backend',
            name: 'webgl',
            detail: renderer,
            notice: software ? { key: 'ui.backend.webglSoftware' } : undefined,
          });
          return { fastCpu: null, webgl: gl ?? null };
        }
        // Software GL is a CPU emulating a GPU: measured here, the fast CPU kernels train LeNet-5 about
        // 8x faster (bench/training.ts). 'auto' takes the CPU then; choosing WebGL forces it.
        tf.removeBackend('webgl');
        return await cpu(tf, post, threads, {
          key: 'ui.backend.softwareCpu',
          params: { name: softwareName(renderer) },
        });
      }
    } catch {
      /* fall through to the cpu backend */
    }
  }
  return cpu(tf, post, threads, choice === 'cpu' ? undefined : { key: 'ui.backend.noWebgl' });
}

async function cpu(
  tf: typeof tfjs,
  post: (m: FromWorker) => void,
  threads: number | undefined,
  notice: Msg | undefined,
): Promise<Backend> {
  await tf.setBackend('cpu');
  await tf.ready();
  const fast = installFastCpuKernels(tf, { threads: threads ?? webAutoThreads(), workers: webThreadWorkers });
  await fast.threadsReady();
  post({ type: 'backend', name: 'cpu', detail: cpuDetail(fast), threads: fast.threads, notice });
  return { fastCpu: fast, webgl: null };
}

/** e.g. "tfjs cpu + fast wasm kernels; CPU: 1 thread (this page is not cross-origin isolated)". */
export function cpuDetail(fast: Pick<FastCpuHandle, 'mode' | 'threads' | 'threadNote'>): Msg {
  const threads: Msg =
    fast.threads === 1 ? { key: 'ui.shell.oneThread' } : { key: 'ui.shell.nThreads', params: { n: fast.threads } };
  if (!fast.threadNote) return { key: 'ui.shell.cpuDetail', params: { mode: fast.mode, threads } };
  const known = THREAD_NOTES[fast.threadNote];
  const note: Msg | string = known ? { key: `ui.shell.${known}` } : fast.threadNote;
  return { key: 'ui.shell.cpuDetailNote', params: { mode: fast.mode, threads, note } };
}

/** shared/kernels' reasons for one thread (English, from threadsSupported and the plain-JS core) -> catalogue keys. */
const THREAD_NOTES: Readonly<Record<string, string>> = {
  'this page is not cross-origin isolated': 'noteIsolated',
  'SharedArrayBuffer is unavailable': 'noteSab',
  'Atomics.wait is unavailable': 'noteAtomics',
  'the plain-JS kernels run on one thread': 'noteJs',
};

const softwareName = (r: string) =>
  /swiftshader/i.test(r) ? 'SwiftShader' : /llvmpipe/i.test(r) ? 'llvmpipe' : r.slice(0, 40);
