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
import { errorSays, useT } from '../i18n';
import type { Translator } from '../../shared/i18n';
import { SYNTHETIC_NAME } from '../../shared/data/synthetic';

/** A data set's name as shown: the synthetic set's in the user's language, the others (MNIST, a folder) as they are. */
export const dataName = (tr: Translator, name: string): string =>
  name === SYNTHETIC_NAME ? tr.t('ui.data.syntheticName') : name;

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
  const tr = useT();
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
        loadError: tr.t('ui.data.needInput'),
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
      useTraining.setState({ loadError: errorSays(e) });
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
      useTraining.setState({ loadError: errorSays(e) });
      return;
    }
    sentTotal.current = picked.total;
    training.load(picked.spec, picked.transfer);
  }

  return (
    <section className="tr-section" data-testid="train-data">
      <h4>{tr.t('ui.data.title')}</h4>
      <div className="tr-row">
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          data-testid="train-dataset"
          aria-label={tr.t('ui.shell.dataSet')}
          style={{ minWidth: 0, flexShrink: 1 }}
          disabled={busy}
        >
          {DATA_KINDS.map((k) => (
            <option key={k} value={k} title={tr.t(`ui.data.source.${k}.help`)}>
              {tr.t(`ui.data.source.${k}.label`)}
            </option>
          ))}
        </select>
        {/* nowrap: CJK text breaks between any two characters, and the select would squeeze it into a column */}
        <label className="tr-field" title={tr.t('ui.data.limitHelp')} style={{ whiteSpace: 'nowrap' }}>
          {tr.t('ui.data.limit')}
          <input
            type="number"
            min={1}
            value={limit}
            placeholder={tr.t('ui.data.all')}
            onChange={(e) => setLimit(e.target.value)}
            data-testid="train-limit"
            style={{ width: 70 }}
          />
        </label>
        {load ? (
          <button className="pn-btn" onClick={() => training.cancelLoad()} data-testid="train-cancel-load">
            {tr.t('ui.data.cancel')}
          </button>
        ) : (
          <button className="pn-btn" onClick={() => void onLoad()} disabled={busy || reading} data-testid="train-load">
            {tr.t('ui.data.load')}
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
            {tr.t(
              reading
                ? 'ui.data.reading'
                : DATA_SOURCES[kind].pick === 'folder'
                  ? 'ui.data.chooseFolder'
                  : 'ui.data.chooseFiles',
            )}
          </button>
          <p className="pn-muted pn-small">{tr.t(`ui.data.source.${kind}.help`)}</p>
        </div>
      )}
      {kind === 'idx' && !hostReads(kind) && (
        <div className="tr-files">
          {file('images', tr.t('ui.data.images'), '.gz,*')}
          {file('labels', tr.t('ui.data.labels'))}
          {file('testImages', tr.t('ui.data.testImages'))}
          {file('testLabels', tr.t('ui.data.testLabels'))}
        </div>
      )}
      {kind === 'cifar10' && (
        <p className="pn-muted pn-small" data-testid="train-cifar10-status">
          {cifarInstalled === null
            ? tr.t('ui.data.cifarLooking')
            : cifarInstalled
              ? tr.t('ui.data.cifarInstalled', { path: 'data/cifar10' })
              : tr.t('ui.data.cifarMissing', {
                  install: 'npm install',
                  command: CIFAR10_GET_COMMAND,
                  web: 'npm run web',
                  path: 'data/cifar10',
                })}
        </p>
      )}
      {kind === 'cifar-sprite' && !hostReads(kind) && (
        <div className="tr-files">
          {file('png', tr.t('ui.data.spritePng'), 'image/png')}
          {file('json', tr.t('ui.data.labelsJson'), '.json')}
          <p className="pn-muted pn-small">{tr.t('ui.data.source.cifar-sprite.help')}</p>
        </div>
      )}
      {kind === 'folder' && !hostReads(kind) && (
        <label className="tr-field">
          {tr.t('ui.data.folder')}
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
            {load.phase ? tr.msg(load.phase) : ''}{' '}
            {load.total > 1 ? `${Math.round((100 * load.done) / load.total)}%` : ''}
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
          <strong>{dataName(tr, data.name)}</strong>:{' '}
          {ofTotal !== null
            ? tr.t('ui.data.summaryOf', {
                n: tr.number(data.n),
                total: tr.number(ofTotal),
                shape: `${data.height}x${data.width}x${data.channels}`,
                classes: data.numClasses,
              })
            : tr.t('ui.data.summary', {
                n: tr.number(data.n),
                shape: `${data.height}x${data.width}x${data.channels}`,
                classes: data.numClasses,
              })}
          {data.testN ? tr.t('ui.data.test', { n: tr.number(data.testN) }) : ''}
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
