// "What it sees" in the inspector: the selected node's feature maps from the last training probe; a click on a
// pixel shows that unit's receptive field on the probe image (rf-overlay), its effective field (erf-heatmap) and,
// for a convolution or pooling, the worked arithmetic: the same view as the Train tab's (RfSection), for the node
// the user is looking at. Reads the training store; the worker recomputes the unit with every probe.
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n';
import { FeatureGrid } from '../training/images';
import { training, useTraining } from '../training/trainingStore';
import { RfSection } from './RfSection';

export function InspectorSees({ nodeId }: { readonly nodeId: string }) {
  const tr = useT();
  const { map, unit, probed } = useTraining(
    useShallow((s) => ({
      map: s.maps.find((m) => m.nodeId === nodeId) ?? null,
      unit: s.unit,
      probed: s.maps.length > 0,
    })),
  );
  return (
    <section className="pn-section" data-testid="inspector-sees">
      <h3 className="pn-h">{tr.t('ui.explain2.sees')}</h3>
      {!map ? (
        <p className="pn-small pn-muted" data-testid="inspector-sees-none">
          {tr.t(probed ? 'ui.explain2.noMap' : 'ui.explain2.trainFirst', { node: nodeId })}
        </p>
      ) : (
        <>
          <div className="pn-small">
            <code>{map.nodeId}</code> {map.height}x{map.width}x{map.totalChannels}
            {map.channels < map.totalChannels && ` ${tr.t('ui.explain2.firstChannels', { n: map.channels })}`}
          </div>
          <FeatureGrid map={map} onPick={(channel, y, x) => training.watchUnit({ nodeId, y, x, channel })} />
          {unit && unit.nodeId !== nodeId ? (
            <p className="pn-small pn-muted" data-testid="inspector-sees-other">
              {tr.t('ui.explain2.otherUnit', { node: unit.nodeId })}
            </p>
          ) : (
            <RfSection />
          )}
        </>
      )}
    </section>
  );
}
