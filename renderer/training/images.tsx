// Small canvas views: a byte image (grey or RGB), a grid of feature maps, the first conv's kernels.
import { useEffect, useRef } from 'react';
import type { FeatureMap, KernelImages } from '../../shared/train';

/** Draws h x w x c bytes (c = 1 or 3) scaled up `scale` times, pixelated. */
export function ByteImage({ pixels, height, width, channels, scale = 2, title, testId }: {
  pixels: Uint8Array; height: number; width: number; channels: number; scale?: number; title?: string; testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (!c) return;
    const img = c.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      const r = pixels[p * channels], g = channels === 3 ? pixels[p * 3 + 1] : r, b = channels === 3 ? pixels[p * 3 + 2] : r;
      img.data[p * 4] = r; img.data[p * 4 + 1] = g; img.data[p * 4 + 2] = b; img.data[p * 4 + 3] = 255;
    }
    c.putImageData(img, 0, 0);
  }, [pixels, height, width, channels]);
  return <canvas ref={ref} width={width} height={height} title={title} data-testid={testId}
    style={{ width: width * scale, height: height * scale, imageRendering: 'pixelated', border: '1px solid #d9dde3' }} />;
}

/** One node's maps, channel after channel, each its own min..max. */
export function FeatureGrid({ map }: { map: FeatureMap }) {
  const scale = Math.max(1, Math.min(4, Math.floor(56 / Math.max(map.height, map.width))));
  const per = map.height * map.width;
  return (
    <div className="tr-grid" data-testid={`featuremaps-${map.nodeId}`} data-channels={map.channels}>
      {Array.from({ length: map.channels }, (_, c) => (
        <ByteImage key={c} pixels={map.data.subarray(c * per, (c + 1) * per)} height={map.height} width={map.width} channels={1} scale={scale}
          title={`${map.nodeId} channel ${c + 1}: ${map.min[c].toPrecision(3)} .. ${map.max[c].toPrecision(3)}`} />
      ))}
      {map.totalChannels > map.channels && <span className="pn-muted pn-small">+{map.totalChannels - map.channels} more channels</span>}
    </div>
  );
}

export function KernelGrid({ k }: { k: KernelImages }) {
  const per = k.kh * k.kw * k.channels;
  const scale = Math.max(2, Math.floor(24 / Math.max(k.kh, k.kw)));
  return (
    <div className="tr-grid" data-testid="kernels" data-count={k.count}>
      {Array.from({ length: k.count }, (_, f) => (
        <ByteImage key={f} pixels={k.data.subarray(f * per, (f + 1) * per)} height={k.kh} width={k.kw} channels={k.channels} scale={scale} title={`${k.nodeId} filter ${f + 1}`} />
      ))}
    </div>
  );
}
