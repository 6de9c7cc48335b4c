// One interface for every byte transport: a real serial port, the in-process virtual EC600S,
// a pty. The AT engine, capture and services see only this.

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export interface SerialSettings {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: Parity;
  stopBits: 1 | 1.5 | 2;
  flowControl: FlowControl;
}

export const DEFAULT_SERIAL: Omit<SerialSettings, 'path'> = {
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flowControl: 'none',
};

export interface ModemLines {
  cts: boolean;
  dsr: boolean;
  dcd: boolean;
  ri: boolean;
}

export interface LinkClosed {
  /** The device went away (cable pulled, socat killed) rather than the user closing it. */
  unplugged: boolean;
  message: string;
}

export interface Link {
  /** Port path or "virtual:ec600s". */
  readonly name: string;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Rejects with a readable message when the port refuses (ptys do); callers warn and go on. */
  setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<void>;
  /** Null when the port cannot report them. */
  getLines(): Promise<ModemLines | null>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (closed: LinkClosed) => void): () => void;
}

export interface PortInfo {
  path: string;
  /** Untrusted text from USB descriptors: render as text only. */
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** True for the built-in virtual EC600S. */
  virtual?: boolean;
}
