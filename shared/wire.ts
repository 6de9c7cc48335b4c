// The browser host's WebSocket frames. The contract's payloads carry typed arrays (packed log
// batches, file bytes), which JSON cannot; base64 inside JSON made a million-line snapshot cost
// seconds. So a frame is binary: [u32 LE header length][header JSON][8-byte aligned array bytes].
// The header holds the value with each typed array replaced by a marker, plus the paths of the
// markers, so decoding visits only those. Electron's IPC needs none of this (structured clone).
import { utf8Decode, utf8Encode } from './bytes';

type TypedKind = 'u8' | 'u32' | 'f64';
type Typed = Uint8Array | Uint32Array | Float64Array;
const CTOR = { u8: Uint8Array, u32: Uint32Array, f64: Float64Array } as const;

interface Marker {
  $typed: TypedKind;
  at: number;
  n: number;
}

interface Header {
  v: unknown;
  /** Where the markers are: key paths from the root. */
  p: (string | number)[][];
}

function kindOf(v: unknown): TypedKind | null {
  if (v instanceof Uint8Array) return 'u8';
  if (v instanceof Uint32Array) return 'u32';
  if (v instanceof Float64Array) return 'f64';
  return null;
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeWire(value: unknown): Uint8Array {
  const arrays: Typed[] = [];
  const paths: (string | number)[][] = [];
  let size = 0;
  const path: (string | number)[] = [];
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const kind = kindOf(v);
    if (kind) {
      const a = v as Typed;
      const marker: Marker = { $typed: kind, at: size, n: a.length };
      arrays.push(a);
      paths.push(path.slice());
      size = align8(size + a.byteLength);
      return marker;
    }
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        out[i] = walk(v[i]);
        path.pop();
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      path.push(key);
      out[key] = walk((v as Record<string, unknown>)[key]);
      path.pop();
    }
    return out;
  };
  const header: Header = { v: walk(value), p: paths };
  const json = utf8Encode(JSON.stringify(header));
  const base = align8(4 + json.length);
  const frame = new Uint8Array(base + size);
  new DataView(frame.buffer).setUint32(0, json.length, true);
  frame.set(json, 4);
  let at = base;
  for (const a of arrays) {
    frame.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return frame;
}

export class WireError extends Error {}

export function decodeWire(frame: Uint8Array): unknown {
  if (frame.length < 4) throw new WireError('frame too short');
  const jsonLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (4 + jsonLength > frame.length) throw new WireError('frame header runs past its end');
  const header = JSON.parse(utf8Decode(frame.subarray(4, 4 + jsonLength))) as Header;
  if (!header || typeof header !== 'object' || !Array.isArray(header.p)) throw new WireError('not a ModemDeck frame');
  const base = align8(4 + jsonLength);
  const root = { v: header.v };
  for (const p of header.p) {
    if (!Array.isArray(p)) throw new WireError('bad marker path');
    let holder: Record<string | number, unknown> = root;
    let key: string | number = 'v';
    for (const k of p) {
      const next = holder[key];
      if (next === null || typeof next !== 'object' || (typeof k !== 'string' && typeof k !== 'number') || k === '__proto__') throw new WireError('bad marker path');
      holder = next as Record<string | number, unknown>;
      key = k;
    }
    if (!Object.prototype.hasOwnProperty.call(holder, key)) throw new WireError('bad marker path');
    holder[key] = typedFrom(frame, base, holder[key]);
  }
  return root.v;
}

function typedFrom(frame: Uint8Array, base: number, marker: unknown): Typed {
  const m = marker as Marker;
  const C = CTOR[m?.$typed];
  if (!C || !Number.isInteger(m.at) || !Number.isInteger(m.n) || m.at < 0 || m.n < 0) throw new WireError('bad typed-array marker');
  const start = frame.byteOffset + base + m.at;
  const bytes = m.n * C.BYTES_PER_ELEMENT;
  if (base + m.at + bytes > frame.length) throw new WireError('typed array runs past the frame');
  if (start % C.BYTES_PER_ELEMENT === 0) return new C(frame.buffer as ArrayBuffer, start, m.n);
  // The socket handed us a buffer at an odd offset: copy to an aligned one.
  const copy = frame.slice(base + m.at, base + m.at + bytes);
  return new C(copy.buffer, 0, m.n);
}
