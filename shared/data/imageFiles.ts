// The image files a folder data set may hold, named once: the folder loader, main's folder reader and the
// desktop build's Blobs (typed as a browser's file input would type them) all ask here.

/** Image files a folder data set may hold (lower case, no dot) and their MIME types; anything else is skipped. */
export const IMAGE_TYPES = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', bmp: 'image/bmp', gif: 'image/gif', webp: 'image/webp' } as const;
export const IMAGE_EXTENSIONS = Object.keys(IMAGE_TYPES) as (keyof typeof IMAGE_TYPES)[];
const IMAGE_FILE = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');

/** Whether a file name has one of IMAGE_EXTENSIONS (any case). */
export function isImageFile(name: string): boolean {
  return IMAGE_FILE.test(name);
}

/** The MIME type of an image file by its extension ('' when it has none of IMAGE_EXTENSIONS). */
export function imageMimeType(name: string): string {
  const ext = /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return (IMAGE_TYPES as Record<string, string>)[ext] ?? '';
}
