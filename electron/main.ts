// Composition root of the desktop app: one instance, hardened sessions, the app:// renderer, the
// contract on ipcMain, the workbench's batches pushed to the window, and a clean shutdown.
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createAppServices } from './services/app-services';
import { createHandlers } from './ipc/handlers';
import { MqttHost } from './services/mqtt-host';
import { createSecretStore } from './secrets/safe-storage';
import { systemScheduler } from './platform/system-scheduler';
import { installCrashReports } from './platform/crash-report';
import { dialogFiles } from './ipc/electron-files';
import { pushTo, registerCommands } from './ipc/electron-ipc';
import { createMainWindow, denyPermissions, hardenContents, registerAppScheme, serveRenderer } from './window';

if (!app.requestSingleInstanceLock()) {
  // Another ModemDeck owns the port(s): hand over to it.
  app.quit();
} else {
  registerAppScheme();
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    const root = app.getAppPath();
    serveRenderer(join(root, 'dist-renderer'));

    const services = createAppServices({ captureDir: join(app.getPath('userData'), 'captures') });
    installCrashReports({ mask: (text) => services.masker.maskText(text), dir: join(app.getPath('userData'), 'crash-reports') });
    // DeviceSecrets go to the OS keyring through safeStorage; without a real keyring they are kept
    // for this run only and the form says so (electron/secrets/).
    const mqtt = new MqttHost({
      workbench: services.workbench,
      scheduler: systemScheduler,
      secrets: createSecretStore(join(app.getPath('userData'), 'secrets.json')),
    });
    const handlers = createHandlers(services.workbench, dialogFiles(() => win), mqtt);
    registerCommands(handlers, (contents) => win !== null && !win.isDestroyed() && contents === win.webContents);
    services.workbench.onBatch((batch) => pushTo(win?.webContents, 'stream', batch));

    const open = () => {
      win = createMainWindow(join(root, 'dist-electron', 'preload.cjs'));
      win.on('closed', () => (win = null));
      // A crashed renderer reloads and resynchronises from a snapshot; the session goes on.
      win.webContents.on('render-process-gone', () => win?.webContents.reload());
    };
    open();
    app.on('activate', () => {
      if (!win) open();
    });

    let quitting = false;
    app.on('before-quit', (event) => {
      if (quitting) return;
      quitting = true;
      event.preventDefault();
      mqtt.dispose();
      void services.dispose().finally(() => app.quit());
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
