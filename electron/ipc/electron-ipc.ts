// The Electron half of IPC: the contract's commands on ipcMain behind a sender check, and main's
// pushes sent to our window. Payload checks and error mapping are shared with the browser host
// (dispatch.ts).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channelOf, commandNames, type EventName, type Payload } from '../../shared/contract';
import { dispatch, fail, type CommandHandlers } from './dispatch';
import { isAppUrl } from '../window';

/**
 * Only the main frame of our own window, showing our own origin, may call main
 * (reliability-checklist.md §1.4): a null, detached or child frame, or a foreign URL, is refused.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, isOurWindow: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if ((frame as { detached?: boolean }).detached) return false;
  if (frame.parent !== null) return false;
  if (!isAppUrl(frame.url)) return false;
  return isOurWindow(event.sender);
}

/** Registers one ipcMain handler per contract command; returns a function that removes them. */
export function registerCommands(handlers: CommandHandlers, isOurWindow: (contents: WebContents) => boolean): () => void {
  for (const name of commandNames) {
    const channel = channelOf(name);
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, isOurWindow)) return fail('FORBIDDEN', `${name}: refused a call from a frame that is not ModemDeck's window`);
      return dispatch(handlers, name, payload);
    });
  }
  return () => {
    for (const name of commandNames) ipcMain.removeHandler(channelOf(name));
  };
}

/** Sends a push to a window unless it is gone (a closed or crashed renderer resyncs on reload). */
export function pushTo<E extends EventName>(contents: WebContents | null | undefined, name: E, payload: Payload<E>): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(channelOf(name), payload);
}
