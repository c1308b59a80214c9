// The epoch slider over the feature-map timeline (timeline.ts): "live" at the right end.
import { TIMELINE_BYTES, useTimeline } from './timeline';

export function EpochSlider() {
  const { frames, at } = useTimeline();
  if (!frames.length) return null;
  const value = at ?? frames.length;
  const mb = frames.reduce((s, f) => s + f.bytes, 0) / 2 ** 20;
  return (
    <div className="tr-row tr-wrap pn-small" data-testid="epoch-timeline">
      <label className="tr-field">
        epoch
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
        {at === null ? 'live maps' : `maps and kernels at the end of epoch ${frames[at].epoch + 1}`}
      </span>
      <span className="pn-muted">
        ({frames.length} epoch{frames.length > 1 ? 's' : ''} kept, {mb.toFixed(1)} MB of at most{' '}
        {TIMELINE_BYTES / 2 ** 20} MB; the oldest go first)
      </span>
    </div>
  );
}
