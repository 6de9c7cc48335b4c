// The main window and everything that keeps its renderer contained (reliability-checklist.md §1):
// sandboxed, isolated, no Node, our own app:// origin with a strict CSP, no navigation, no new
// windows, no webviews, no permissions. Module output and MQTT payloads end up in this renderer;
// with these settings an injection there cannot reach the machine.
import { BrowserWindow, net, protocol, type Session, type WebContents } from 'electron';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The renderer is served from app://modemdeck/ (a fixed origin, not a file path: §1.4). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'modemdeck';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Same policy as the meta tag in renderer/index.html, sent as a header too. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** True for a URL of our own renderer (compared parsed, never with startsWith: §1.1 item 13). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before the app is ready: app:// behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer on app://modemdeck/ with the CSP as a header. */
export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const relative = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^[/\\]+/, '');
    const file = join(root, relative);
    if (!file.startsWith(root + sep)) return new Response('forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Applied to every WebContents the app creates (app 'web-contents-created'). */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The app needs no camera, microphone, notifications, serial-from-web or anything else. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function createMainWindow(preloadPath: string, bounds?: { width: number; height: number; x?: number; y?: number }): BrowserWindow {
  // The options are written out literally, here, so that reviewers and electronegativity's AST
  // checks see every security setting where the window is made (reliability-checklist §1.1, §1.2).
  const win = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    x: bounds?.x,
    y: bounds?.y,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'ModemDeck',
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click must not open links in new windows (electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
