// The contract's commands, answered by the workbench. Both hosts register this one table; they
// differ only in how a file is picked (Electron: a native dialog in main; the browser host: the
// path the user typed).
import type { FileTarget } from '../../shared/contract';
import { AppError, type Workbench } from '../services/workbench';
import type { CommandHandlers } from './dispatch';

export type FilePurpose = 'log' | 'script';

export interface HostFiles {
  /** True when pickPath opens a native dialog. */
  readonly dialogs: boolean;
  /** Resolves to the chosen path, or null when the user cancelled. */
  pickPath(purpose: FilePurpose, mode: 'open' | 'save'): Promise<string | null>;
}

/** The browser host has no dialogs: the user types paths. */
export const typedPathsOnly: HostFiles = {
  dialogs: false,
  pickPath: async () => {
    throw new AppError('BAD_REQUEST', 'this window cannot open file dialogs: type the file path instead');
  },
};

export function createHandlers(workbench: Workbench, files: HostFiles): CommandHandlers {
  const resolve = async (target: FileTarget, purpose: FilePurpose, mode: 'open' | 'save'): Promise<string> => {
    if (target.source === 'path') return target.path;
    const path = await files.pickPath(purpose, mode);
    if (!path) throw new AppError('CANCELLED', 'no file was chosen');
    return path;
  };
  return {
    snapshot: () => ({ ...workbench.snapshot(), dialogs: files.dialogs }),
    listPorts: () => workbench.listPorts(),
    openLink: ({ settings }) => workbench.openLink(settings),
    closeLink: () => workbench.closeLink(),
    setSignals: (signals) => workbench.setSignals(signals),
    send: ({ text, hex, enter }) => workbench.send(text, hex, enter),
    sendFile: ({ name, data }) => workbench.sendFile(name, data),
    cancelSendFile: () => workbench.cancelSendFile(),
    clearLog: () => workbench.clearLog(),
    startLogFile: async ({ target }) => workbench.startLogFile(await resolve(target, 'log', 'save')),
    stopLogFile: () => workbench.stopLogFile(),
    loadScript: async (req) => {
      if (req.source === 'bytes') return workbench.loadScript(req.name, req.data);
      return workbench.loadScriptFile(await resolve(req, 'script', 'open'));
    },
    saveScript: async ({ target }) => workbench.saveScriptFile(await resolve(target, 'script', 'save')),
    setScript: ({ rows, settings }) => workbench.setScript(rows, settings),
    sendRow: ({ id }) => workbench.sendRow(id),
    runScript: ({ ids }) => {
      // Answers once the run started; progress and the end arrive in stream batches.
      void workbench.runScript(ids);
    },
    stopScript: () => workbench.stopRun(),
  };
}
