// File picking for the Electron host: native dialogs owned by main, so the renderer never names a
// path it could use to reach the disk (reliability-checklist.md §1.4).
import { dialog, type BrowserWindow } from 'electron';
import type { FilePurpose, HostFiles } from './handlers';

const FILTERS: Record<FilePurpose, Electron.FileFilter[]> = {
  script: [
    { name: 'QCOM script (*.ini)', extensions: ['ini'] },
    { name: 'All files', extensions: ['*'] },
  ],
  log: [
    { name: 'Log (*.log, *.txt)', extensions: ['log', 'txt'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

export function dialogFiles(window: () => BrowserWindow | null): HostFiles {
  return {
    dialogs: true,
    async pickPath(purpose, mode) {
      const win = window();
      if (mode === 'open') {
        const options: Electron.OpenDialogOptions = { properties: ['openFile'], filters: FILTERS[purpose] };
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      }
      const stamp = new Date().toISOString().replace(/[:T]/g, '-').slice(0, 19);
      const options: Electron.SaveDialogOptions = {
        filters: FILTERS[purpose],
        defaultPath: purpose === 'log' ? `modemdeck-${stamp}.log` : 'commands.ini',
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled ? null : (r.filePath ?? null);
    },
  };
}
