// Image sizes read from file headers (the folder loader's cue to decode a big photo smaller): a real PNG
// (pngjs), JPEG headers as cameras write them (EXIF and a colour profile before the frame header, fill bytes,
// progressive), GIF, both BMP headers and the three WebP kinds; anything else or a cut header is null.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkImageSize, DecodeBudget, DecodeLimitError, folderToDataset, imageSize, MAX_DECODED_BYTES, MAX_IMAGE_PIXELS } from '.';

const bytes = (...parts: (number[] | Uint8Array | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : [...p])));
const be16 = (n: number) => [n >> 8, n & 255];
const le16 = (n: number) => [n & 255, n >> 8];
const le24 = (n: number) => [n & 255, (n >> 8) & 255, n >> 16];
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
/** A JPEG marker segment with `n` bytes of payload. */
const segment = (marker: number, payload: number[] | Uint8Array) => bytes([0xff, marker], be16(payload.length + 2), payload);
const sof = (marker: number, width: number, height: number) => segment(marker, [8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);

describe('imageSize', () => {
  it('reads a PNG', () => {
    const png = new PNG({ width: 37, height: 5 });
    expect(imageSize(new Uint8Array(PNG.sync.write(png)))).toEqual({ width: 37, height: 5 });
  });

  it('reads a JPEG frame header after EXIF, a colour profile, tables and fill bytes', () => {
    const exif = segment(0xe1, bytes('Exif\0\0', new Uint8Array(60_000)));
    const icc = segment(0xe2, bytes('ICC_PROFILE\0', new Uint8Array(30_000)));
    const dqt = segment(0xdb, new Uint8Array(65));
    const jpeg = bytes([0xff, 0xd8], segment(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0])), exif, icc, dqt, [0xff, 0xff], sof(0xc0, 4000, 3000), segment(0xda, new Uint8Array(10)));
    expect(imageSize(jpeg)).toEqual({ width: 4000, height: 3000 });
    // Progressive (SOF2); a DHT (0xC4) before it is not a frame header.
    const progressive = bytes([0xff, 0xd8], segment(0xc4, new Uint8Array(20)), sof(0xc2, 640, 480));
    expect(imageSize(progressive)).toEqual({ width: 640, height: 480 });
    // The header cut before the frame header: not known yet (the caller reads more).
    expect(imageSize(jpeg.subarray(0, 50_000))).toBeNull();
    // A scan before any frame header, or garbage where a marker should be: damaged.
    expect(imageSize(bytes([0xff, 0xd8], segment(0xda, new Uint8Array(4)), sof(0xc0, 1, 1)))).toBeNull();
    expect(imageSize(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34], sof(0xc0, 1, 1)))).toBeNull();
  });

  it('reads GIF, BMP (Windows and OS/2 headers, bottom-up and top-down) and WebP (lossy, lossless, extended)', () => {
    expect(imageSize(bytes('GIF89a', le16(300), le16(200), [0xf7, 0, 0]))).toEqual({ width: 300, height: 200 });
    expect(imageSize(bytes('BM', le32(0), le32(0), le32(54), le32(40), le32(640), le32(480), le16(1), le16(24)))).toEqual({ width: 640, height: 480 });
    expect(imageSize(bytes('BM', le32(0), le32(0), le32(54), le32(40), le32(640), le32(-480), le16(1), le16(24)))).toEqual({ width: 640, height: 480 });
    expect(imageSize(bytes('BM', le32(0), le32(0), le32(26), le32(12), le16(33), le16(44), le16(1), le16(24)))).toEqual({ width: 33, height: 44 });
    const riff = (chunk: string, body: number[]) => bytes('RIFF', le32(4 + 8 + body.length), 'WEBP', chunk, le32(body.length), body);
    expect(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(4000), ...le16(3000)]))).toEqual({ width: 4000, height: 3000 });
    // VP8L: 14 bits width-1, 14 bits height-1 after the 0x2f signature.
    const bits = (4000 - 1) | ((3000 - 1) << 14);
    expect(imageSize(riff('VP8L', [0x2f, ...le32(bits)]))).toEqual({ width: 4000, height: 3000 });
    expect(imageSize(riff('VP8X', [0, 0, 0, 0, ...le24(4000 - 1), ...le24(3000 - 1)]))).toEqual({ width: 4000, height: 3000 });
  });

  it('knows nothing of other files', () => {
    expect(imageSize(bytes('<html>404</html>'))).toBeNull();
    expect(imageSize(new Uint8Array(0))).toBeNull();
    expect(imageSize(bytes([0x89], 'PNG'))).toBeNull();
  });
});

describe('decoded-size limits', () => {
  it('refuses an image over MAX_IMAGE_PIXELS by its stated size, and a data set over MAX_DECODED_BYTES in all', () => {
    expect(MAX_IMAGE_PIXELS).toBe(64 * 1024 * 1024);
    expect(() => checkImageSize({ width: 8192, height: 8192 }, 'max.png')).not.toThrow();
    expect(() => checkImageSize({ width: 8192, height: 8193 }, 'big.png')).toThrow(
      'big.png is 8192x8193 pixels (67.1 megapixels, 257 MiB decoded); at most 67.1 megapixels per image are decoded. Use a smaller image.');
    const budget = new DecodeBudget(3 * 4 * 8192 * 8192);
    for (let i = 0; i < 3; i++) budget.admit({ width: 8192, height: 8192 }, `${i}.png`);
    expect(() => budget.admit({ width: 1, height: 1 }, 'one-more.png')).toThrow(DecodeLimitError);
    expect(() => budget.admit({ width: 1, height: 1 }, 'one-more.png')).toThrow(
      'The images of this data set decode to more than 768 MiB of pixels (one-more.png would bring them to 769 MiB); choose fewer or smaller images, or set a limit on the number of images.');
    expect(new DecodeBudget().limit).toBe(MAX_DECODED_BYTES);
  });

  it('folderToDataset skips an image its decoder refuses as too large, but stops at the data set\'s limit', async () => {
    const listing = { classes: [{ name: 'a', files: ['1.png', 'huge.png', '2.png'] }, { name: 'b', files: ['3.png', '4.png'] }] };
    const load = (budget: DecodeBudget) => folderToDataset(listing, { height: 2, width: 2, channels: 1 }, async (_c, f) => {
      budget.admit(f === 'huge.png' ? { width: 20_000, height: 20_000 } : { width: 2, height: 2 }, f);
      return { width: 2, height: 2, rgba: new Uint8Array(16) };
    });
    const d = await load(new DecodeBudget());
    expect(d.n).toBe(4);
    expect(d.skipped).toEqual([{ file: 'a/huge.png', reason: 'huge.png is 20000x20000 pixels (400 megapixels, 1,526 MiB decoded); at most 67.1 megapixels per image are decoded. Use a smaller image.' }]);
    // Room for three 2x2 images: the fourth ends the whole load (not one more skip).
    await expect(load(new DecodeBudget(3 * 16))).rejects.toThrow(DecodeLimitError);
  });
});
