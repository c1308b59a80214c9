// TF.js Layers export: model.json (topology + weights manifest) + one weights.bin, exactly what
// tf.loadLayersModel reads. The graph is compiled by the engine and given the trained weights, so
// the saved topology is the app's own model.
import type * as tfjs from '@tensorflow/tfjs';
import { compile, type GraphDoc } from '../graph';
import { checkNodeIds, problemList } from './graphwalk';
import { ExportError, text, type ExportFile, type WeightMap } from './types';
import { msg } from '../i18n/msg';
import { applyWeights } from './weights';
import type { ExportOptions } from './options';

export const TFJS_WEIGHTS_FILE = 'weights.bin';

function joinBuffers(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((a, b) => a + b.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/**
 * The files of a TF.js Layers model for the graph with these weights. The model takes preprocessed input
 * (as in training); `userDefinedMetadata.cnnDesigner` holds the preprocessing (scale, mean, std per channel:
 * x = (pixel * scale - mean) / std) and the run record, read back with model.getUserDefinedMetadata().
 */
export async function exportTfjs(
  doc: GraphDoc,
  weights: WeightMap,
  tf: typeof tfjs,
  o: ExportOptions = {},
): Promise<ExportFile[]> {
  checkNodeIds(doc, 'TF.js');
  const c = compile(doc, tf, { seed: 1 });
  if (!c.ok) throw new ExportError(msg('errors3.export.tfjs', { list: problemList(c.problems.slice(0, 5)) }));
  const prep = o.preprocessing ?? o.record?.preprocessing ?? null;
  try {
    applyWeights(tf, c.model, weights);
    let files: ExportFile[] = [];
    await c.model.save(
      tf.io.withSaveHandler(async (a) => {
        const modelJson = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs} (CNN Designer)`,
          convertedBy: null,
          modelTopology: a.modelTopology,
          weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
          ...(prep || o.record
            ? {
                userDefinedMetadata: {
                  cnnDesigner: {
                    input:
                      'preprocessed: x = (pixel * scale - mean[c]) / std[c], pixel 0..255, c the channel (last axis)',
                    ...(prep ? { preprocessing: prep } : {}),
                    ...(o.record ? { runRecord: o.record } : {}),
                  },
                },
              }
            : {}),
        };
        files = [
          { name: 'model.json', bytes: text(JSON.stringify(modelJson)) },
          { name: TFJS_WEIGHTS_FILE, bytes: joinBuffers(a.weightData as ArrayBuffer | ArrayBuffer[] | undefined) },
        ];
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    return files;
  } finally {
    c.model.dispose();
  }
}
