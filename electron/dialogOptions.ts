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
