import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtFramer } from '../../../electron/at/framer';
import { collectFrames, type Frame } from '../../../electron/at/frames';
import { latin1Encode, utf8Decode, utf8Encode } from '../../../shared/bytes';

function frames(chunks: Uint8Array[], setup?: (f: AtFramer) => void): Frame[] {
  const framer = new AtFramer({ maxLineBytes: 64 });
  setup?.(framer);
  const out: Frame[] = [];
  const sink = collectFrames(out);
  for (const c of chunks) framer.push(c, sink);
  return out;
}

/** Cuts bytes at the given (sorted, deduplicated) offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.slice(last, p));
    last = p;
  }
  out.push(bytes.slice(last));
  return out;
}

const text = (fs: Frame[]) => fs.map((f) => (f.kind === 'line' ? f.text : f.kind === 'payload' || f.kind === 'data' ? `${f.kind}:${utf8Decode(f.bytes)}` : f.kind));

describe('AtFramer', () => {
  it('splits on CR, LF and CR LF and drops empty lines (echo "AT\\r" then "\\r\\nOK\\r\\n")', () => {
    expect(text(frames([latin1Encode('AT\r\r\nOK\r\n\n+CSQ: 28,99\rX\n')]))).toEqual(['AT', 'OK', '+CSQ: 28,99', 'X']);
  });

  it('sees the > prompt without a line ending, only while one is expected (Q6)', () => {
    const bytes = latin1Encode('AT+QMTPUBEX=0,0,0,0,"t",3\r\r\n> ');
    expect(text(frames([bytes], (f) => f.expectPrompt(true)))).toEqual(['AT+QMTPUBEX=0,0,0,0,"t",3', 'prompt']);
    // without a pending prompt command a ">" is just text
    expect(text(frames([latin1Encode('\r\n> quoted\r\n')]))).toEqual(['> quoted']);
  });

  it('cuts +QMTRECV by its length field, whatever the payload holds (Q5)', () => {
    const payload = '{"a":"OK\r\nERROR\r\n> ,\\"x\\""}';
    const n = utf8Encode(payload).length;
    const wire = `\r\n+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/set",${n},"${payload}"\r\n\r\nOK\r\n`;
    const out = frames([latin1Encode(wire)]);
    expect(out[0]).toMatchObject({ kind: 'payload', header: `+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/set",${n}` });
    expect(utf8Decode((out[0] as { bytes: Uint8Array }).bytes)).toBe(payload);
    expect(text(out.slice(1))).toEqual(['OK']);
  });

  it('reads the counted bytes after +QIRD: <n>, CR LF included', () => {
    expect(text(frames([latin1Encode('\r\n+QIRD: 7\r\nab\r\ncde\r\n\r\nOK\r\n')]))).toEqual(['+QIRD: 7', 'data:ab\r\ncde', 'OK']);
  });

  it('drops an over-long line, reports it, and resynchronises at the next terminator', () => {
    const out = frames([latin1Encode(`${'x'.repeat(200)}\r\nOK\r\n`)]);
    expect(out[0]).toEqual({ kind: 'overflow', droppedBytes: 200 });
    expect(text(out.slice(1))).toEqual(['OK']);
  });

  it('consumes the echo of a payload the host sent, then reads on', () => {
    const out = frames([latin1Encode('hello\r\nOK\r\n')], (f) => f.expectEcho(latin1Encode('hello')));
    expect(out.map((f) => f.kind)).toEqual(['echo-data', 'line']);
    const off = frames([latin1Encode('\r\nOK\r\n')], (f) => f.expectEcho(latin1Encode('hello')));
    expect(text(off)).toEqual(['OK']);
  });

  it('yields the same frames for any chunking of the same bytes (property)', () => {
    const line = fc.stringMatching(/^[A-Z+:, 0-9"]{0,20}$/);
    const piece = fc.oneof(
      line.map((l) => `\r\n${l}\r\n`),
      line.map((l) => `${l}\r`),
      fc.string({ maxLength: 30 }).map((p) => `\r\n+QMTRECV: 0,0,"t/x",${utf8Encode(p).length},"${p}"\r\n`),
      fc.constant('\r\n+QIRD: 3\r\na\nb\r\n'),
      fc.constant('\x00'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (pieces, cuts) => {
        const bytes = utf8Encode(pieces.join(''));
        const whole = frames([bytes]);
        const chunked = frames(split(bytes, cuts));
        expect(chunked).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
