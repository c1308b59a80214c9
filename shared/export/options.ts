// What travels with an exported model besides its graph and weights: the preprocessing training used (so the
// export takes raw pixels), the run record, and whether the output is probabilities or logits.
import { serializeRunRecord, type Preprocessing, type RunRecord } from '../train/runRecord';

export type OutputKind = 'probabilities' | 'logits';

export interface ExportOptions {
  /** The run that trained the weights: its preprocessing travels with the model and it is embedded whole. */
  readonly record?: RunRecord | null;
  /** Preprocessing to build in (default: the record's). */
  readonly preprocessing?: Preprocessing | null;
  /** ONNX: leave the preprocessing nodes out (the input is then already preprocessed). */
  readonly bare?: boolean;
  /** What the net returns. Default: ONNX and TF.js probabilities (as the app predicts); PyTorch logits. */
  readonly output?: OutputKind;
}

/** Metadata keys (ONNX metadata_props; TF.js userDefinedMetadata.cnnDesigner uses the same names). */
export const META_RUN_RECORD = 'cnn_designer.run_record';
export const META_PREPROCESSING = 'cnn_designer.preprocessing';
export const META_INPUT = 'cnn_designer.input';

/** The input contract in words, for docs strings and READMEs. */
export function inputContract(prep: Preprocessing | null | undefined): string {
  if (!prep) return 'preprocessed as in training (see the run record: (pixel * scale - mean) / std per channel)';
  return "raw pixel values 0..255 (uint8 image bytes as float32); the model applies training's preprocessing itself";
}

export function metadataEntries(
  prep: Preprocessing | null | undefined,
  o: ExportOptions,
): { key: string; value: string }[] {
  const out = [{ key: META_INPUT, value: prep ? 'raw-pixels-0-255' : 'preprocessed' }];
  const p = prep ?? o.record?.preprocessing;
  if (p) out.push({ key: META_PREPROCESSING, value: JSON.stringify(p) });
  if (o.record) out.push({ key: META_RUN_RECORD, value: serializeRunRecord(o.record) });
  return out;
}
