// The epoch slider over the feature-map timeline (timeline.ts): "live" at the right end.
import { useT } from '../i18n';
import { TIMELINE_BYTES, useTimeline } from './timeline';

export function EpochSlider() {
  const tr = useT();
  const { frames, at } = useTimeline();
  if (!frames.length) return null;
  const value = at ?? frames.length;
  const mb = frames.reduce((s, f) => s + f.bytes, 0) / 2 ** 20;
  return (
    <div className="tr-row tr-wrap pn-small" data-testid="epoch-timeline">
      <label className="tr-field">
        {tr.t('ui.explain.epoch')}
        <input
          type="range"
          min={0}
          max={frames.length}
          value={value}
          data-testid="epoch-slider"
          data-value={at === null ? 'live' : frames[at].epoch + 1}
          onChange={(e) => {
            const v = Number(e.target.value);
            useTimeline.setState({ at: v >= frames.length ? null : v });
          }}
        />
      </label>
      <span data-testid="epoch-shown">
        {at === null ? tr.t('ui.explain.liveMaps') : tr.t('ui.explain.epochMaps', { n: frames[at].epoch + 1 })}
      </span>
      <span className="pn-muted">
        {tr.t(frames.length > 1 ? 'ui.explain.epochsKept' : 'ui.explain.epochKept', {
          n: frames.length,
          mb: mb.toFixed(1),
          max: TIMELINE_BYTES / 2 ** 20,
        })}
      </span>
    </div>
  );
}
