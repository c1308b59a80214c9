// DialogPort on top of Electron's native dialogs, parented to the app window.
import type { BrowserWindow } from 'electron';
import { dialog } from 'electron';
import type { DiscardChoice } from '../shared/ipc/contract';
import {
  changedOnDiskBox,
  choiceForButton,
  datasetFilesDialog,
  datasetFolderDialog,
  overwriteBox,
  PROJECT_FILTERS,
  unsavedChangesBox,
} from './dialogOptions';
import type { DialogPort } from './handlers';

export function createDialogPort(getWindow: () => BrowserWindow | null): DialogPort {
  // Parenting makes the dialog modal to the window; without a window they still work.
  const withParent = <T>(show: (win: BrowserWindow) => Promise<T>, alone: () => Promise<T>) => {
    const win = getWindow();
    return win && !win.isDestroyed() ? show(win) : alone();
  };
  return {
    async chooseProjectToOpen(defaultPath) {
      const options: Electron.OpenDialogOptions = {
        title: 'Open project',
        defaultPath,
        filters: PROJECT_FILTERS,
        properties: ['openFile'],
      };
      const r = await withParent(
        (w) => dialog.showOpenDialog(w, options),
        () => dialog.showOpenDialog(options),
      );
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async chooseProjectSavePath(defaultPath) {
      const options: Electron.SaveDialogOptions = {
        title: 'Save project',
        defaultPath,
        filters: PROJECT_FILTERS,
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const r = await withParent(
        (w) => dialog.showSaveDialog(w, options),
        () => dialog.showSaveDialog(options),
      );
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async chooseExportFolder(title, defaultPath) {
      const options: Electron.OpenDialogOptions = {
        title,
        defaultPath,
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory'],
      };
      const r = await withParent(
        (w) => dialog.showOpenDialog(w, options),
        () => dialog.showOpenDialog(options),
      );
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async chooseDatasetFiles(kind, defaultPath) {
      const options: Electron.OpenDialogOptions = datasetFilesDialog(kind, defaultPath);
      const r = await withParent(
        (w) => dialog.showOpenDialog(w, options),
        () => dialog.showOpenDialog(options),
      );
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths;
    },
    async chooseDatasetFolder(defaultPath) {
      const options: Electron.OpenDialogOptions = datasetFolderDialog(defaultPath);
      const r = await withParent(
        (w) => dialog.showOpenDialog(w, options),
        () => dialog.showOpenDialog(options),
      );
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async confirmOverwrite(folder, names) {
      const box = overwriteBox(folder, names);
      const r = await withParent(
        (w) => dialog.showMessageBox(w, box),
        () => dialog.showMessageBox(box),
      );
      return r.response === 0;
    },
    async confirmChangedOnDisk(file) {
      const box = changedOnDiskBox(file);
      const r = await withParent(
        (w) => dialog.showMessageBox(w, box),
        () => dialog.showMessageBox(box),
      );
      return r.response === 0;
    },
    async askUnsavedChanges(documentName): Promise<DiscardChoice> {
      const box = unsavedChangesBox(documentName);
      const r = await withParent(
        (w) => dialog.showMessageBox(w, box),
        () => dialog.showMessageBox(box),
      );
      return choiceForButton(r.response);
    },
  };
}

/** The close handler must decide before it returns, so it asks synchronously. */
export function askUnsavedChangesSync(win: BrowserWindow, documentName: string): DiscardChoice {
  return choiceForButton(dialog.showMessageBoxSync(win, unsavedChangesBox(documentName)));
}
