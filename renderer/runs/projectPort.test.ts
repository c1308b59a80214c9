// The app's Save and Open with weights and run history, on a host whose "disk" is a map (the desktop host's
// logic without Electron; electron/projectBlobs.test.ts covers the real files): a trained run and the current
// weights go out as blobs beside the project, and come back on Open; a changed blob is named, the graph opens.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, serializeProject, type GraphDoc } from '../../shared/graph';
import { sampleRecord } from '../../shared/train/runTesting';
import { tinyNet } from '../../shared/train/testing';
import { openFile, save, type FileDeps } from '../commands/files';
import type { Host } from '../host/host';
import { createEditorStore } from '../store/store';
import { useTraining } from '../training/trainingStore';
import { createHistory } from './history';
import { createProjectFilesPort } from './projectPort';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function trained(doc: GraphDoc, seed: number) {
  const c = compile(doc, tf, { seed });
  if (!c.ok) throw new Error('compile');
  const v = c.model.getWeights();
  const blob = { shapes: v.map((t) => [...t.shape]), data: v.map((t) => Float32Array.from(t.dataSync())) };
  c.model.dispose();
  return blob;
}

/** A desktop-like host over a map: saveProject keeps the text and the blobs, readWeightsBlob reads them. */
function diskHost() {
  const disk = { text: '', blobs: new Map<string, Uint8Array>() };
  const host = {
    kind: 'electron',
    async saveProject(text: string, _o: unknown, blobs?: readonly { sha256: string; bytes: Uint8Array }[]) {
      disk.text = text;
      for (const b of blobs ?? []) disk.blobs.set(b.sha256, b.bytes);
      return { path: '/p/net.cnn.json', name: 'net.cnn.json' };
    },
    async readWeightsBlob(_p: string, hash: string) {
      return disk.blobs.get(hash) ?? null;
    },
    async openProject() {
      return { path: '/p/net.cnn.json', name: 'net.cnn.json', text: disk.text };
    },
    async confirmDiscard() {
      return 'discard' as const;
    },
    async clearRecovery() {},
  } as unknown as Host;
  return { host, disk };
}

function deps(host: Host) {
  const store = createEditorStore();
  const history = createHistory(null);
  const d: FileDeps = { store, host, projectFiles: { port: createProjectFilesPort(host, history, store) } };
  return { d, store, history };
}

describe('Save and Open with weights and runs (desktop host logic)', () => {
  it('the run history and the current weights survive save and reload; the JSON holds no weight values', async () => {
    const { host, disk } = diskHost();
    const a = deps(host);
    const doc = tinyNet();
    a.store.getState().loadDoc(doc);
    const runW = trained(doc, 3);
    a.history.add(sampleRecord(doc), runW);
    useTraining.setState({ weights: runW, weightsDoc: a.store.getState().doc });
    expect(await save(a.d, false)).toBe(true);
    expect(disk.text).not.toContain('base64');
    expect(disk.text.length).toBeLessThan(20_000);
    expect(disk.blobs.size).toBe(1); // the run's weights are the current ones: stored once

    useTraining.setState({ weights: null, weightsDoc: null });
    const b = deps(host);
    expect(await openFile(b.d)).toBe(true);
    const runs = b.history.useHistory.getState().runs;
    expect(runs.map((r) => r.record.createdAt)).toEqual([sampleRecord(doc).createdAt]);
    expect(runs[0].weights!.shapes).toEqual(runW.shapes);
    expect(runs[0].weights!.data.map((x) => Array.from(x))).toEqual(runW.data.map((x) => Array.from(x)));
    const t = useTraining.getState();
    expect(t.weights!.data[0][0]).toBe(runW.data[0][0]);
    expect(t.weightsDoc).toBe(b.store.getState().doc);
    expect(b.store.getState().notice).toBeNull();
  });

  it('a changed weights file: a notice naming it, the graph and the runs open, the weights are left out', async () => {
    const { host, disk } = diskHost();
    const a = deps(host);
    a.store.getState().loadDoc(tinyNet());
    a.history.add(sampleRecord(tinyNet()), trained(tinyNet(), 1));
    useTraining.setState({ weights: null, weightsDoc: null });
    await save(a.d, false);
    const [hash, bytes] = [...disk.blobs][0];
    disk.blobs.set(hash, Uint8Array.from(bytes).fill(7, 0, 8));
    const b = deps(host);
    expect(await openFile(b.d)).toBe(true);
    expect(b.store.getState().doc.nodes.length).toBe(tinyNet().nodes.length);
    expect(b.history.useHistory.getState().runs[0].weights).toBeNull();
    expect(b.store.getState().notice?.text).toMatch(
      new RegExp(`Opened net\\.cnn\\.json, but: run-1: The weights file net\\.weights/${hash}\\.bin does not match`),
    );
  });

  it('an old project with base64 weights inside opens with them', async () => {
    const { serializeProjectWithWeights } = await import('../../shared/export/project');
    const { namedWeights } = await import('../export/exportRun');
    const doc = tinyNet();
    const w = trained(doc, 5);
    const { host, disk } = diskHost();
    disk.text = serializeProjectWithWeights(doc, namedWeights(tf, doc, w, 1));
    useTraining.setState({ weights: null, weightsDoc: null });
    const b = deps(host);
    expect(await openFile(b.d)).toBe(true);
    expect(useTraining.getState().weights!.data.map((x) => Array.from(x))).toEqual(w.data.map((x) => Array.from(x)));
    expect(serializeProject(b.store.getState().doc)).toBe(serializeProject({ ...doc }));
  });
});
