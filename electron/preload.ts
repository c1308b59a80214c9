// Runs sandboxed in the page's process before the page. Exposes only the typed contract API.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preloadApi';

contextBridge.exposeInMainWorld('cnnHost', createPreloadApi(ipcRenderer, process.platform));
