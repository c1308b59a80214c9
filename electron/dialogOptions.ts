// Wording and options of the native dialogs, kept apart from the Electron calls so they are testable.
import type { DiscardChoice } from '../shared/ipc/contract';
import { APP_NAME } from '../shared/ipc/contract';

export const PROJECT_FILTERS = [
  { name: 'CNN Designer project', extensions: ['cnn.json'] },
  { name: 'All files', extensions: ['*'] },
];

/** Button order and the choice each index means: Save is the default, Cancel is what Escape does. */
export const UNSAVED_BUTTONS: { label: string; choice: DiscardChoice }[] = [
  { label: 'Save', choice: 'save' },
  { label: "Don't Save", choice: 'discard' },
  { label: 'Cancel', choice: 'cancel' },
];

export function unsavedChangesBox(documentName: string) {
  return {
    type: 'warning' as const,
    title: APP_NAME,
    message: `Save changes to ${documentName}?`,
    detail: 'Your changes will be lost if you don\u2019t save them.',
    buttons: UNSAVED_BUTTONS.map((b) => b.label),
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  };
}

export function choiceForButton(index: number): DiscardChoice {
  return UNSAVED_BUTTONS[index]?.choice ?? 'cancel';
}

export function overwriteBox(folder: string, names: string[]) {
  const list = names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
  return {
    type: 'question' as const,
    title: APP_NAME,
    message: names.length === 1 ? `Replace ${names[0]}?` : `Replace ${names.length} files?`,
    detail: `${list} already exist${names.length === 1 ? 's' : ''} in ${folder}.`,
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** The open dialog for a data set's files: several files in one go, assigned to their roles by main. */
export function datasetFilesDialog(kind: 'idx' | 'cifar-sprite', defaultPath: string) {
  const properties: ('openFile' | 'multiSelections')[] = ['openFile', 'multiSelections'];
  if (kind === 'idx') {
    // MNIST's files have no extension (train-images-idx3-ubyte), so no filter: every file is offered.
    return {
      title: 'Choose IDX files: images and labels (and the test pair, if any)',
      message:
        'Select the images and labels files together (raw or .gz); add the test images and test labels to evaluate on them.',
      buttonLabel: 'Load',
      defaultPath,
      properties,
    };
  }
  return {
    title: 'Choose a sprite PNG and its labels JSON',
    message: 'Select both files together: the sprite PNG (one 32x32 image per row) and the JSON array of labels.',
    buttonLabel: 'Load',
    defaultPath,
    filters: [
      { name: 'Sprite PNG and labels JSON', extensions: ['png', 'json'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties,
  };
}

/** The folder dialog for an image folder with one subfolder per class. */
export function datasetFolderDialog(defaultPath: string) {
  return {
    title: 'Choose an image folder (one subfolder per class)',
    message: 'Choose the folder whose subfolders are the classes, e.g. train/ holding cat/ and dog/.',
    buttonLabel: 'Load',
    defaultPath,
    properties: ['openDirectory'] as 'openDirectory'[],
  };
}

/** Saving over a file that another program (or another copy of the app) changed since it was opened. */
export function changedOnDiskBox(file: string) {
  return {
    type: 'warning' as const,
    title: APP_NAME,
    message: `${file.split(/[\\/]/).pop()} has changed on disk since you opened or saved it.`,
    detail: `${file} was modified by another program. Overwrite it with your version, or cancel and use Save As to keep both.`,
    buttons: ['Overwrite', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}
