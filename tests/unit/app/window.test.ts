// The window's security settings, read from window.ts: a regression in any of them fails here.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock());

const electron = await import('electron');
const { createMainWindow, hardenContents, denyPermissions, isAppUrl, CONTENT_SECURITY_POLICY } = await import('../../../electron/window');

/** The options createMainWindow really hands to BrowserWindow. */
function windowOptions(preloadPath: string): Electron.BrowserWindowConstructorOptions {
  let seen: Electron.BrowserWindowConstructorOptions | undefined;
  vi.mocked(electron.BrowserWindow).mockImplementationOnce(function (this: unknown, opts?: Electron.BrowserWindowConstructorOptions) {
    seen = opts;
    return { webContents: { on: vi.fn(), setWindowOpenHandler: vi.fn() }, once: vi.fn(), loadURL: vi.fn(() => Promise.resolve()) } as never;
  });
  createMainWindow(preloadPath);
  if (!seen) throw new Error('createMainWindow made no BrowserWindow');
  return seen;
}

describe('main window', () => {
  it('keeps the renderer sandboxed, isolated and without Node', () => {
    const prefs = windowOptions('/app/dist-electron/preload.cjs').webPreferences ?? {};
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs.preload).toBe('/app/dist-electron/preload.cjs');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('denies navigation, redirects, webviews and new windows', () => {
    const listeners = new Map<string, (e: { preventDefault: () => void }) => void>();
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (name: string, l: (e: { preventDefault: () => void }) => void) => listeners.set(name, l),
      setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
    };
    hardenContents(contents as never);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(name)?.({ preventDefault });
      expect(preventDefault, name).toHaveBeenCalled();
    }
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const s = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    denyPermissions(s as never);
    const answer = vi.fn();
    s.setPermissionRequestHandler.mock.calls[0][0](null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(s.setPermissionCheckHandler.mock.calls[0][0]()).toBe(false);
    expect(s.setDevicePermissionHandler.mock.calls[0][0]()).toBe(false);
  });

  it('trusts only its own app:// origin', () => {
    expect(isAppUrl('app://modemdeck/index.html')).toBe(true);
    for (const url of ['app://modemdeck.evil/', 'https://modemdeck/', 'file:///app/index.html', 'not a url', '']) expect(isAppUrl(url), url).toBe(false);
  });

  it('sends the same strict CSP as renderer/index.html', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of ["default-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
