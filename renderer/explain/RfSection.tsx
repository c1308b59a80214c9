// The Train tab's receptive-field view: shown once a feature-map pixel was clicked (training.watchUnit).
// Reads the training store and the analysis itself, so the panel only places it.
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n';
import { useAnalysis } from '../store/analysis';
import { training, useTraining } from '../training/trainingStore';
import { RfView } from './RfView';

export function RfSection() {
  const tr = useT();
  const { unit, erf, probeImage, data } = useTraining(
    useShallow((s) => ({ unit: s.unit, erf: s.erf, probeImage: s.probeImage, data: s.data })),
  );
  const a = useAnalysis();
  if (!probeImage || !data) return null;
  if (!unit)
    return (
      <div className="pn-small pn-muted" data-testid="rf-hint">
        {tr.t('ui.explain.rfHint')}
      </div>
    );
  return (
    <RfView
      unit={unit}
      rf={a.nodes.get(unit.nodeId)?.rf ?? null}
      erf={erf}
      pixels={probeImage.pixels}
      height={data.height}
      width={data.width}
      channels={data.channels}
      onClear={() => training.watchUnit(null)}
      onPick={(u) => training.watchUnit(u)}
    />
  );
}
