// Weights and run history with the project file. Desktop: Save writes the current trained weights and every
// kept run's weights as blobs beside the project (net.weights/<sha256>.bin) and the runs' records into it; Open
// reads them back through the host (hash checked: a missing or changed file is named in a notice, the graph stays
// open). Browser: a downloaded project holds the graph only (runs and weights stay in IndexedDB); opening a
// project still reads old embedded (base64) weights and the runs' records.
import type * as tfjs from '@tensorflow/tfjs';
import {
  loadStoredWeights,
  parseProjectFiles,
  serializeProjectFiles,
  weightsFolderName,
  type BlobReader,
} from '../../shared/export/projectFiles';
import type { GraphDoc } from '../../shared/graph';
import type { ProjectFilesPort } from '../commands/files';
import { namedWeights } from '../export/exportRun';
import { weightsBlobFor } from '../export/importModel';
import type { Host } from '../host/host';
import { currentT } from '../i18n';
import { messageOf } from '../../shared/i18n/msg';
import type { EditorStore } from '../store/store';
import { continuable, useTraining } from '../training/trainingStore';
import type { History } from './history';

const loadTf = (): Promise<typeof tfjs> => import('@tensorflow/tfjs');

export function createProjectFilesPort(host: Host, history: History, store: EditorStore): ProjectFilesPort {
  const readBlob = host.readWeightsBlob?.bind(host);
  return {
    ...(readBlob
      ? {
          async save(doc: GraphDoc) {
            const tf = await loadTf();
            const runs = history.useHistory.getState().runs.map((r) => ({
              id: r.id,
              record: r.record,
              weights: r.weights ? namedWeights(tf, r.record.graph.doc, r.weights, 1) : null,
            }));
            const current = continuable(useTraining.getState(), doc);
            return serializeProjectFiles(doc, current ? namedWeights(tf, doc, current, 1) : null, runs);
          },
        }
      : {}),
    async opened(text, file) {
      const p = parseProjectFiles(text);
      if (!p.ok) return;
      const folder = weightsFolderName(file.name);
      const reader: BlobReader = {
        read: async (hash) => {
          if (!readBlob) throw new Error(currentT().t('ui.runs.noBlobReader'));
          return readBlob(file.path, hash);
        },
        where: (hash) => `${folder}/${hash}.bin`,
      };
      const t = currentT();
      // What the project file itself says was left out (unreadable weights, a damaged run), then the blobs.
      const notes: string[] = p.ownWarningMsgs.map(t.msg);
      const tf = p.runs.length || p.weights ? await loadTf() : null;
      for (const r of p.runs) {
        const w = await loadStoredWeights(r.weights, reader);
        if (w.warning) notes.push(t.t('ui.runs.runNote', { id: r.id, note: w.warningMsg ?? w.warning }));
        history.add(r.record, w.weights && tf ? weightsBlobFor(tf, r.record.graph.doc, w.weights) : null);
      }
      const cur = await loadStoredWeights(p.weights, reader);
      if (cur.warning) notes.push(cur.warningMsg ? t.msg(cur.warningMsg) : cur.warning);
      const doc = store.getState().doc;
      if (cur.weights && tf) {
        try {
          useTraining.setState({ weights: weightsBlobFor(tf, doc, cur.weights), weightsDoc: doc });
        } catch (e) {
          notes.push(t.t('ui.runs.weightsMisfit', { error: t.msg(messageOf(e)) }));
        }
      }
      if (notes.length)
        store.getState().notify('error', t.t('ui.runs.openedBut', { file: file.name, notes: notes.join(' ') }));
    },
  };
}
