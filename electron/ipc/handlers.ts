// The contract's commands, answered by the workbench. Both hosts register this one table; they
// differ only in how a file is picked (Electron: a native dialog in main; the browser host: the
// path the user typed).
import type { FileTarget } from '../../shared/contract';
import { AppError, type Workbench } from '../services/workbench';
import { maskErrorsWith, type CommandHandlers } from './dispatch';
import { MqttHost } from '../services/mqtt-host';
import { SessionSecretStore } from '../secrets/secret-store';
import { systemScheduler } from '../platform/system-scheduler';

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

/**
 * `mqtt`: the MQTT workspace host; by default one whose secrets live for this run only (the browser
 * host). Electron's main passes one over createSecretStore (electron/secrets/safe-storage.ts).
 */
export function createHandlers(
  workbench: Workbench,
  files: HostFiles,
  mqtt: MqttHost = new MqttHost({ workbench, scheduler: systemScheduler, secrets: new SessionSecretStore() }),
): CommandHandlers {
  const resolve = async (target: FileTarget, purpose: FilePurpose, mode: 'open' | 'save'): Promise<string> => {
    if (target.source === 'path') return target.path;
    const path = await files.pickPath(purpose, mode);
    if (!path) throw new AppError('CANCELLED', 'no file was chosen');
    return path;
  };
  return maskErrorsWith<CommandHandlers>({
    snapshot: () => ({ ...workbench.snapshot(), dialogs: files.dialogs }),
    listPorts: () => workbench.listPorts(),
    openLink: ({ settings }) => workbench.openLink(settings),
    closeLink: () => workbench.closeLink(),
    setSignals: (signals) => workbench.setSignals(signals),
    send: ({ text, hex, enter, asPayload }) => workbench.send(text, hex, enter, { asPayload }),
    sendFile: ({ name, data }) => workbench.sendFile(name, data),
    cancelSendFile: () => workbench.cancelSendFile(),
    clearLog: () => workbench.clearLog(),
    startLogFile: async ({ target }) => workbench.startLogFile(await resolve(target, 'log', 'save')),
    stopLogFile: () => workbench.stopLogFile(),
    loadScript: async (req) => {
      if (req.source === 'bytes') return workbench.loadScript(req.name, req.data);
      return workbench.loadScriptFile(await resolve(req, 'script', 'open'));
    },
    saveScript: async ({ target, secrets }) => workbench.saveScriptFile(await resolve(target, 'script', 'save'), secrets ?? 'placeholder'),
    setScript: ({ rows, settings }) => workbench.setScript(rows, settings),
    sendRow: ({ id }) => workbench.sendRow(id),
    runScript: ({ ids, confirmed }) => {
      // Answers once the run started; progress and the end arrive in stream batches.
      void workbench.runScript(ids, { confirmed });
    },
    stopScript: () => workbench.stopRun(),
    mqttStatus: ({ device }) => mqtt.status(device),
    mqttImport: async ({ from, base }) =>
      mqtt.importSetup(from.source === 'script' ? from : { source: 'path', path: await resolve(from, 'script', 'open') }, base),
    mqttPreview: ({ form, reveal }) => mqtt.preview(form, reveal),
    mqttConnect: ({ form, topics }) => mqtt.connect(form, topics),
    mqttDisconnect: ({ clientIndex }) => mqtt.disconnect(clientIndex),
    mqttReconnect: () => mqtt.reconnect(),
    mqttCancel: () => mqtt.cancel(),
    mqttSubscribe: ({ client, topics }) => mqtt.subscribe(client, topics),
    mqttUnsubscribe: ({ client, topics }) => mqtt.unsubscribe(client, topics),
    mqttPublish: (req) => mqtt.publisher.publish(req),
    mqttPublishDraft: (req) => mqtt.publisher.publishDraft(req),
    mqttRepeatStart: ({ publish, intervalMs, count }) => mqtt.publisher.startRepeat(publish, { intervalMs, count }),
    mqttRepeatStop: () => mqtt.publisher.stopRepeat(),
    mqttAutoReply: (patch) => mqtt.configureAutoReply(patch),
    mqttForgetSecret: (device) => mqtt.forgetSecret(device),
    setReconnectRows: ({ ids }) => workbench.setReconnectRows(ids),
    listUnfinishedCaptures: () => workbench.listUnfinishedCaptures(),
    exportUnfinishedCapture: async ({ capture, target }) => workbench.exportUnfinishedCapture(capture, await resolve(target, 'log', 'save')),
    dismissUnfinishedCapture: ({ capture }) => workbench.dismissUnfinishedCapture(capture),
    finishDataPhase: ({ how }) => workbench.finishDataPhase(how),
  }, (text) => workbench.maskText(text));
}
