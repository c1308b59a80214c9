// Names of exported files are the exporter's own ("model.json", "train.py"), never the user's: a
// request to write ".bash_login", "../x" or "a/b" into the chosen folder is refused, wherever files
// are about to be written (the exporters, the IPC contract, Electron main's handler, the CLI).

export const MAX_EXPORT_FILES = 64;
export const MAX_EXPORT_NAME_CHARS = 100;

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const HOW = 'exported files have plain names such as "model.json": letters, digits, "_", "-" and "." (not first)';

const shown = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);

/** Why `name` cannot be an exported file's name, or null when it can. */
export function exportFileNameProblem(name: unknown): string | null {
  if (typeof name !== 'string')
    return `an exported file's name must be a string, got ${name === null ? 'null' : typeof name}`;
  if (name.length === 0) return `an exported file has an empty name: ${HOW}`;
  if (name.length > MAX_EXPORT_NAME_CHARS)
    return `exported file name ${shown(name)} has ${name.length} characters; the limit is ${MAX_EXPORT_NAME_CHARS}`;
  if (name.startsWith('.'))
    return `exported file name ${shown(name)} starts with a dot (a hidden file such as .bashrc): ${HOW}`;
  if (/[/\\]/.test(name)) return `exported file name ${shown(name)} contains a path separator: ${HOW}`;
  if (name.includes('..')) return `exported file name ${shown(name)} contains "..": ${HOW}`;
  if (!PLAIN.test(name))
    return `exported file name ${shown(name)} has a character other than letters, digits, "_", "-" and ".": ${HOW}`;
  if (name.endsWith('.')) return `exported file name ${shown(name)} ends with a dot, which Windows drops: ${HOW}`;
  if (WINDOWS_RESERVED.test(name)) return `exported file name ${shown(name)} is reserved on Windows: ${HOW}`;
  return null;
}

/** Why this list of names cannot be exported together (count, each name, duplicates), or null. */
export function exportFileNamesProblem(names: readonly unknown[]): string | null {
  if (names.length === 0) return 'nothing to export: the list of files is empty';
  if (names.length > MAX_EXPORT_FILES) return `${names.length} files to export; the limit is ${MAX_EXPORT_FILES}`;
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    const problem = exportFileNameProblem(name);
    if (problem) return `file ${i + 1}: ${problem}`;
    // Case-insensitive file systems (Windows, macOS) would make two such files one.
    const key = (name as string).toLowerCase();
    if (seen.has(key)) return `exported file name ${shown(name as string)} appears twice`;
    seen.add(key);
  }
  return null;
}

/**
 * A file name stem made from a free-text name (a project's "ResNet-20 (CIFAR-10, 32x32x3)" ->
 * "ResNet-20-CIFAR-10-32x32x3"): letters (any script), digits, "_", "-" and "." kept, every other run of
 * characters becomes one "-", no leading dot or dash, no trailing dot, at most `maxChars`. Empty when
 * nothing usable is left (the caller picks a fallback such as "untitled").
 */
export function fileStemFromName(name: string, maxChars = 80): string {
  const stem = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_.-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '');
  const cut = [...stem].slice(0, maxChars).join('');
  const clean = cut.replace(/[-.]+$/, '');
  return WINDOWS_RESERVED.test(clean) ? `${clean}-` : clean;
}

/**
 * The one naming rule for an export as a whole (the desktop folder dialog's suggestion, the browser's zip):
 * the project's name made a file name stem (fileStemFromName), lower case, then the format: "LeNet-5" + pytorch -> "lenet-5-pytorch".
 */
export function exportBaseName(projectName: string, format: string): string {
  const base = fileStemFromName(projectName, 64).toLowerCase() || 'model';
  return `${base}-${format}`;
}

/** The browser's single download for an export: "lenet-5-pytorch.zip". */
export const exportZipName = (baseName: string) => `${baseName}.zip`;
