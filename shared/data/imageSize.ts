// An image file's pixel size from its header, without decoding it: lets the loader ask the browser for a
// smaller decode of a big photo (createImageBitmap's resizeWidth/resizeHeight) before paying for a full one.
// PNG, JPEG, GIF, BMP and WebP (the formats an image folder may hold). The size is the stored one: a JPEG's
// EXIF orientation may swap it when the browser shows it.
import { DataError } from './types';
import { english, msg, type Msg } from '../i18n/msg';

export interface ImageSize { readonly width: number; readonly height: number }

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const i32le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic...): every 0xC0-0xCF but DHT, JPG and DAC. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegSize(b: Uint8Array): ImageSize | null {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null; // not at a marker: damaged
    const m = b[i + 1];
    if (m === 0xff) { i++; continue; } // fill byte
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { i += 2; continue; } // markers without a length
    if (m === 0xd9 || m === 0xda) return null; // end of image or start of scan before any frame header
    const len = u16be(b, i + 2);
    if (len < 2) return null;
    if (isSof(m)) return i + 8 < b.length ? { height: u16be(b, i + 5), width: u16be(b, i + 7) } : null;
    i += 2 + len;
  }
  return null;
}

function webpSize(b: Uint8Array): ImageSize | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}

/**
 * The width and height a file's header states, or null when it is none of the formats above or its header is
 * cut short (a JPEG's frame header can follow up to a few hundred kB of EXIF and colour profile: pass more bytes).
 */
export function imageSize(b: Uint8Array): ImageSize | null {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') return { width: u32be(b, 16), height: u32be(b, 20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b);
  if (b.length >= 10 && ascii(b, 0, 4) === 'GIF8') return { width: u16le(b, 6), height: u16le(b, 8) };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    const header = i32le(b, 14);
    if (header === 12) return { width: u16le(b, 18), height: u16le(b, 20) };
    return { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  }
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webpSize(b);
  return null;
}

// ---- decoded-size limits ------------------------------------------------------------------------------
// A PNG of zeros compresses about 1,000 to 1: a 97 KB file can decode to 400 MB of RGBA. So every decoder here
// (pngjs in Node, createImageBitmap in the Worker) first reads the size the header states and refuses too much.

/** The most pixels one image may have: 64 Mi (a 45-megapixel camera's photo fits; 256 MiB decoded as RGBA). */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;
/** The most RGBA bytes all the images of one data set may decode to: 8 GiB (about 2 gigapixels in all). */
export const MAX_DECODED_BYTES = 8 * 1024 ** 3;

const mega = (pixels: number) => msg('errors3.data.megapixels', { n: Math.round(pixels / 1e5) / 10 });
const mib = (bytes: number) => msg('errors3.data.mib', { n: Math.ceil(bytes / 1024 ** 2) });

/** Why an image of this stated size is not decoded (over MAX_IMAGE_PIXELS), or null when it may be. */
export function imageTooLarge(size: ImageSize): string | null {
  const why = imageTooLargeMsg(size);
  return why ? english(why) : null;
}

/** imageTooLarge as message data (errors3.data.tooLarge), for the reader's language. */
export function imageTooLargeMsg(size: ImageSize): Msg | null {
  const pixels = size.width * size.height;
  return pixels > MAX_IMAGE_PIXELS
    ? msg('errors3.data.tooLarge', {
        w: String(size.width),
        h: String(size.height),
        mp: mega(pixels),
        mib: mib(4 * pixels),
        max: mega(MAX_IMAGE_PIXELS),
      })
    : null;
}

/** Throws a DataError naming the image when its stated size is over MAX_IMAGE_PIXELS. */
export function checkImageSize(size: ImageSize, what: string | Msg): void {
  const why = imageTooLargeMsg(size);
  if (why) throw new DataError(msg('errors3.data.imageTooLarge', { what, why }));
}

/** A data set's images together decode to more than MAX_DECODED_BYTES: the whole data set is refused, not one image skipped. */
export class DecodeLimitError extends DataError {}

/** Counts the RGBA bytes a data set's images decode to, before each is decoded. */
export class DecodeBudget {
  private used = 0;
  constructor(readonly limit = MAX_DECODED_BYTES) {}
  /** Checks the image (checkImageSize) and the data set's total, then counts the image. */
  admit(size: ImageSize, what: string | Msg): void {
    checkImageSize(size, what);
    const bytes = 4 * size.width * size.height;
    if (this.used + bytes > this.limit) {
      throw new DecodeLimitError(msg('errors3.data.budget', { limit: mib(this.limit), what, total: mib(this.used + bytes) }));
    }
    this.used += bytes;
  }
}
