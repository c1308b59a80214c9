// Small canvas views: a byte image (grey or RGB), a grid of feature maps, the first conv's kernels.
import { useEffect, useRef } from 'react';
import type { FeatureMap, KernelImages } from '../../shared/train';
import { useT } from '../i18n';

/** Draws h x w x c bytes (c = 1 or 3) scaled up `scale` times, pixelated. */
export function ByteImage({
  pixels,
  height,
  width,
  channels,
  scale = 2,
  title,
  testId,
}: {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  scale?: number;
  title?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (!c) return;
    const img = c.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      const r = pixels[p * channels],
        g = channels === 3 ? pixels[p * 3 + 1] : r,
        b = channels === 3 ? pixels[p * 3 + 2] : r;
      img.data[p * 4] = r;
      img.data[p * 4 + 1] = g;
      img.data[p * 4 + 2] = b;
      img.data[p * 4 + 3] = 255;
    }
    c.putImageData(img, 0, 0);
  }, [pixels, height, width, channels]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      title={title}
      data-testid={testId}
      style={{ width: width * scale, height: height * scale, imageRendering: 'pixelated', border: '1px solid #d9dde3' }}
    />
  );
}

/** Width the tile grids wrap at (CSS pixels; the Train panel is about 400 px wide). */
const GRID_WIDTH = 380;

/**
 * Tiles (each h x w x c bytes, c = 1 or 3) drawn into ONE canvas, `cols` to a row with a 1-pixel gap,
 * scaled up pixelated. One canvas and one putImageData per node instead of one per channel: a probe of
 * LeNet-5 redraws ~10 canvases instead of ~100 (the per-canvas cost showed in the training benchmark's
 * main-thread profile). The tooltip names the tile under the pointer.
 */
function TileGrid({
  tiles,
  count,
  height,
  width,
  channels,
  scale,
  tileTitle,
  testId,
  attrs,
  onPick,
}: {
  tiles: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  scale: number;
  tileTitle: (i: number) => string;
  testId: string;
  attrs?: Record<string, string | number>;
  /** A click on pixel (y, x) of tile `tile`. */
  onPick?: (tile: number, y: number, x: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cols = Math.max(1, Math.min(count, Math.floor((GRID_WIDTH + scale) / ((width + 1) * scale))));
  const rows = Math.ceil(count / cols);
  const cw = cols * (width + 1) - 1,
    ch = rows * (height + 1) - 1;
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (!c) return;
    const img = c.createImageData(cw, ch);
    const d = img.data,
      per = height * width * channels;
    d.fill(255); // white gaps
    for (let t = 0; t < count; t++) {
      const ox = (t % cols) * (width + 1),
        oy = Math.floor(t / cols) * (height + 1),
        src = t * per;
      for (let y = 0; y < height; y++) {
        let q = ((oy + y) * cw + ox) * 4,
          p = src + y * width * channels;
        for (let x = 0; x < width; x++, q += 4, p += channels) {
          const r = tiles[p];
          d[q] = r;
          d[q + 1] = channels === 3 ? tiles[p + 1] : r;
          d[q + 2] = channels === 3 ? tiles[p + 2] : r;
        }
      }
    }
    c.putImageData(img, 0, 0);
  }, [tiles, count, height, width, channels, cols, cw, ch]);
  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!onPick) return;
    // offsetX/Y: from the canvas's content edge (its border left out).
    const px = Math.floor(e.nativeEvent.offsetX / scale),
      py = Math.floor(e.nativeEvent.offsetY / scale);
    const col = Math.floor(px / (width + 1)),
      row = Math.floor(py / (height + 1));
    const x = px - col * (width + 1),
      y = py - row * (height + 1),
      tile = row * cols + col;
    if (col < cols && tile < count && x < width && y < height) onPick(tile, y, x);
  };
  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.floor((e.clientX - r.left) / scale / (width + 1)),
      y = Math.floor((e.clientY - r.top) / scale / (height + 1));
    const i = y * cols + x;
    e.currentTarget.title = x < cols && i < count ? tileTitle(i) : '';
  };
  return (
    <canvas
      ref={ref}
      width={cw}
      height={ch}
      data-testid={testId}
      data-cols={cols}
      data-scale={scale}
      {...attrs}
      onMouseMove={onMove}
      onClick={onClick}
      style={{
        cursor: onPick ? 'crosshair' : undefined,
        width: cw * scale,
        height: ch * scale,
        imageRendering: 'pixelated',
        border: '1px solid #d9dde3',
        display: 'block',
      }}
    />
  );
}

/** One node's maps, channel after channel, each scaled to its own min..max. */
export function FeatureGrid({
  map,
  onPick,
}: {
  map: FeatureMap;
  /** A click on a unit: its channel and position (the Train tab then shows its receptive field). */
  onPick?: (channel: number, y: number, x: number) => void;
}) {
  const tr = useT();
  const scale = Math.max(1, Math.min(4, Math.floor(56 / Math.max(map.height, map.width))));
  return (
    <div className="tr-grid">
      <TileGrid
        tiles={map.data}
        count={map.channels}
        height={map.height}
        width={map.width}
        channels={1}
        scale={scale}
        testId={`featuremaps-${map.nodeId}`}
        attrs={{ 'data-channels': map.channels }}
        onPick={onPick}
        tileTitle={(c) =>
          tr.t('ui.images.channel', {
            node: map.nodeId,
            c: c + 1,
            min: map.min[c].toPrecision(3),
            max: map.max[c].toPrecision(3),
          }) + (onPick ? ` ${tr.t('ui.images.clickHint')}` : '')
        }
      />
      {map.totalChannels > map.channels && (
        <span className="pn-muted pn-small">{tr.t('ui.images.more', { n: map.totalChannels - map.channels })}</span>
      )}
    </div>
  );
}

export function KernelGrid({ k }: { k: KernelImages }) {
  const tr = useT();
  const scale = Math.max(2, Math.floor(24 / Math.max(k.kh, k.kw)));
  return (
    <div className="tr-grid">
      <TileGrid
        tiles={k.data}
        count={k.count}
        height={k.kh}
        width={k.kw}
        channels={k.channels}
        scale={scale}
        testId="kernels"
        attrs={{ 'data-count': k.count }}
        tileTitle={(f) => tr.t('ui.images.filter', { node: k.nodeId, f: f + 1 })}
      />
    </div>
  );
}
