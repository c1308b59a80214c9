// Choosing a data set: MNIST (served with the app), CIFAR-10 (served when `npm run get-cifar10` has fetched it),
// synthetic, an IDX pair (raw or .gz, e.g. Fashion-MNIST), a CIFAR-style sprite + labels, or a folder of class
// subfolders. Loading shows progress and can be cancelled. In the desktop app (a host with openDataset) the
// main process chooses and reads the files of the last three through native dialogs; in the browser the page
// picks them with file inputs. Either way the Worker gets the same DataSpec. The choices, their help and who reads
// the bytes come from the data-source registry (shared/data/sources.ts; the browser's specs: ./dataSources.ts).
import { useEffect, useRef, useState } from 'react';
import {
  CIFAR10_FILES,
  CIFAR10_GET_COMMAND,
  CIFAR10_URL_BASE,
  DATA_KINDS,
  DATA_SOURCES,
  type DataKind,
} from '../../shared/data';
import type { DatasetKind, DatasetOptions, OpenedDataset } from '../../shared/ipc/contract';
import { MAX_DATASET_FILES } from '../../shared/ipc/contract';
import type { Host } from '../host';
import { getHost } from '../host';
import { PICKED_SPECS, type PickedSpec } from './dataSources';
import { datasetSpec } from './hostDataset';
import { isRunning, useTraining, training } from './trainingStore';

type Kind = DataKind;

/** Whether the app serves CIFAR-10 (a HEAD request for its small label file, each time it is chosen); null until known. */
function useCifarInstalled(ask: boolean): boolean | null {
  const [installed, setInstalled] = useState<boolean | null>(null);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    fetch(`${CIFAR10_URL_BASE}${CIFAR10_FILES.testLabels}`, { method: 'HEAD' })
      // A single-page server answers a missing file with index.html: that is "not installed" too.
      .then(
        (r) => {
          if (live) setInstalled(r.ok && !r.headers.get('Content-Type')?.startsWith('text/html'));
        },
        () => {
          if (live) setInstalled(false);
        },
      );
    return () => {
      live = false;
    };
  }, [ask]);
  return installed;
}

export function DataChooser({
  inputShape,
  host = getHost(),
}: {
  inputShape: { height: number; width: number; channels: number } | null;
  /** Where data-set files come from; tests pass a fake. */
  host?: Pick<Host, 'openDataset'>;
}) {
  // Kept in the training store: a tab switch unmounts this panel, and the choices must survive it.
  const kind = useTraining((s) => s.dataForm.kind) as Kind;
  const setKind = (k: Kind) => training.setDataForm({ kind: k });
  const limit = useTraining((s) => s.dataForm.limit);
  const setLimit = (l: string) => training.setDataForm({ limit: l });
  /** The desktop host is reading the chosen files (main process). */
  const [reading, setReading] = useState(false);
  const [files, setFiles] = useState<Record<string, File | null>>({});
  const [folder, setFolder] = useState<File[]>([]);
  /** How many images the folder of the last load sent holds, when its limit left some out (for "N of M images"). */
  const sentTotal = useRef<number | null>(null);
  const [shownTotal, setShownTotal] = useState<{ data: unknown; total: number | null }>({ data: null, total: null });
  const seed = useTraining((s) => s.config.seed);
  const load = useTraining((s) => s.load);
  const loadError = useTraining((s) => s.loadError);
  const data = useTraining((s) => s.data);
  const state = useTraining((s) => s.state);
  const busy = isRunning(state);
  // Every summary the worker sends answers the last load sent (it drops the ones a newer load cancelled).
  useEffect(() => {
    if (data) setShownTotal({ data, total: sentTotal.current });
  }, [data]);
  const ofTotal = shownTotal.data === data ? shownTotal.total : null;
  const limitValue = () => (limit ? Math.max(1, Number(limit)) : undefined);
  const cifarInstalled = useCifarInstalled(kind === 'cifar10');
  const hostReads = (k: Kind): k is DatasetKind =>
    host.openDataset !== undefined && DATA_SOURCES[k].reader === 'desktop-dialog';
  const file = (name: string, label: string, accept?: string) => (
    <label className="tr-field">
      {label}
      <input
        type="file"
        accept={accept}
        data-testid={`train-file-${name}`}
        onChange={(e) => setFiles((f) => ({ ...f, [name]: e.target.files?.[0] ?? null }))}
      />
    </label>
  );

  /** Desktop: main shows the dialog and reads the files; the bytes go to the worker as the browser's files would. */
  async function chooseAndLoad(k: DatasetKind) {
    if (k === 'folder' && !inputShape) {
      useTraining.setState({
        loadError: 'Add an Input to the graph first: the folder\u2019s images are resized to its size.',
      });
      return;
    }
    useTraining.setState({ loadError: null });
    setReading(true);
    let opened: OpenedDataset | null;
    const lim = limitValue();
    // A folder's limit goes to main, which then reads only the files folderSubset keeps (main lists at most
    // MAX_DATASET_FILES; the subset draws on the seed's low 32 bits either way).
    const options: DatasetOptions | undefined =
      k === 'folder' && lim !== undefined && Number.isFinite(lim)
        ? { limit: Math.min(Math.floor(lim), MAX_DATASET_FILES), seed: seed >>> 0 }
        : undefined;
    try {
      opened = options ? await host.openDataset!(k, options) : await host.openDataset!(k);
    } catch (e) {
      useTraining.setState({ loadError: e instanceof Error ? e.message : String(e) });
      return;
    } finally {
      setReading(false);
    }
    if (!opened) return; // cancelled
    const { spec, transfer } = datasetSpec(opened, inputShape);
    sentTotal.current =
      opened.kind === 'folder' && opened.total !== undefined && opened.total > opened.files.length
        ? opened.total
        : null;
    training.load(spec, transfer);
  }

  async function onLoad() {
    if (hostReads(kind)) {
      await chooseAndLoad(kind);
      return;
    }
    let picked: PickedSpec;
    try {
      picked = await PICKED_SPECS[kind]({ files, folder, inputShape, limit: limitValue(), seed });
    } catch (e) {
      useTraining.setState({ loadError: e instanceof Error ? e.message : String(e) });
      return;
    }
    sentTotal.current = picked.total;
    training.load(picked.spec, picked.transfer);
  }

  return (
    <section className="tr-section" data-testid="train-data">
      <h4>Data</h4>
      <div className="tr-row">
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          data-testid="train-dataset"
          aria-label="Data set"
          disabled={busy}
        >
          {DATA_KINDS.map((k) => (
            <option key={k} value={k} title={DATA_SOURCES[k].help}>
              {DATA_SOURCES[k].label}
            </option>
          ))}
        </select>
        <label
          className="tr-field"
          title={
            'Use only N training images (blank: all): the first N of MNIST and CIFAR-10; of an image folder N at random, ' +
            'each class keeping its share (at least one), picked by the seed and before any image is decoded'
          }
        >
          limit
          <input
            type="number"
            min={1}
            value={limit}
            placeholder="all"
            onChange={(e) => setLimit(e.target.value)}
            data-testid="train-limit"
            style={{ width: 70 }}
          />
        </label>
        {load ? (
          <button className="pn-btn" onClick={() => training.cancelLoad()} data-testid="train-cancel-load">
            Cancel
          </button>
        ) : (
          <button className="pn-btn" onClick={() => void onLoad()} disabled={busy || reading} data-testid="train-load">
            Load
          </button>
        )}
      </div>
      {hostReads(kind) && (
        <div className="tr-files">
          <button
            className="pn-btn"
            onClick={() => void chooseAndLoad(kind)}
            disabled={busy || reading || load !== null}
            data-testid="train-choose-dataset"
          >
            {reading
              ? 'Reading files\u2026'
              : DATA_SOURCES[kind].pick === 'folder'
                ? 'Choose folder\u2026'
                : 'Choose files\u2026'}
          </button>
          <p className="pn-muted pn-small">{DATA_SOURCES[kind].help}</p>
        </div>
      )}
      {kind === 'idx' && !hostReads(kind) && (
        <div className="tr-files">
          {file('images', 'images', '.gz,*')}
          {file('labels', 'labels')}
          {file('testImages', 'test images (optional)')}
          {file('testLabels', 'test labels (optional)')}
        </div>
      )}
      {kind === 'cifar10' && (
        <p className="pn-muted pn-small" data-testid="train-cifar10-status">
          {cifarInstalled === null ? (
            'Looking for CIFAR-10 ...'
          ) : cifarInstalled ? (
            <>
              CIFAR-10 is installed (<code>data/cifar10</code>): about 139 MB to load; a limit of 10,000 or less loads
              one training sprite.
            </>
          ) : (
            <>
              CIFAR-10 is not installed (139 MB, not part of <code>npm install</code>). Run{' '}
              <code>{CIFAR10_GET_COMMAND}</code> in the project folder, then restart <code>npm run web</code> (or
              rebuild the app: the build includes <code>data/cifar10</code> when it is there).
            </>
          )}
        </p>
      )}
      {kind === 'cifar-sprite' && !hostReads(kind) && (
        <div className="tr-files">
          {file('png', 'sprite PNG', 'image/png')}
          {file('json', 'labels JSON', '.json')}
          <p className="pn-muted pn-small">{DATA_SOURCES['cifar-sprite'].help}</p>
        </div>
      )}
      {kind === 'folder' && !hostReads(kind) && (
        <label className="tr-field">
          folder
          <input
            type="file"
            multiple
            data-testid="train-file-folder"
            {...{ webkitdirectory: '' }}
            onChange={(e) => setFolder([...(e.target.files ?? [])])}
          />
        </label>
      )}
      {load && (
        <div data-testid="train-load-progress">
          <progress max={load.total || 1} value={load.done} />{' '}
          <span className="pn-small pn-muted">
            {load.phase} {load.total > 1 ? `${Math.round((100 * load.done) / load.total)}%` : ''}
          </span>
        </div>
      )}
      {loadError && (
        <div className="tr-error" role="alert" data-testid="train-load-error">
          {loadError}
        </div>
      )}
      {data && (
        <div className="pn-small" data-testid="train-data-summary">
          <strong>{data.name}</strong>: {data.n.toLocaleString()}
          {ofTotal !== null ? ` of ${ofTotal.toLocaleString()}` : ''} images {data.height}x{data.width}x{data.channels},{' '}
          {data.numClasses} classes
          {data.testN ? `, ${data.testN.toLocaleString()} test` : ''}
          {data.classNames.length <= 20 && data.classNames.some((c, i) => c !== String(i)) && (
            <span className="pn-muted" data-testid="train-data-classes">
              {' '}
              ({data.classNames.join(', ')})
            </span>
          )}
        </div>
      )}
      {data?.warnings?.map((w, i) => (
        <div key={i} className="tr-notice" role="status" data-testid="train-data-warning">
          {w}
        </div>
      ))}
    </section>
  );
}
