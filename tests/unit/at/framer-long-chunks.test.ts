// The framer reads long chunks (≥ 256 bytes, what a busy port delivers) four bytes at a time and
// takes +QMTRECV headers and payloads in runs: the frames must still be exactly those of the same
// bytes fed one at a time, wherever the chunk sits in its buffer (word alignment).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtFramer, collectFrames, type Frame } from '../../../electron/at/framer';
import { utf8Encode } from '../../../shared/bytes';

function frames(chunks: Uint8Array[], maxLineBytes: number): Frame[] {
  const framer = new AtFramer({ maxLineBytes });
  const out: Frame[] = [];
  const sink = collectFrames(out);
  for (const c of chunks) framer.push(c, sink);
  return out;
}

/** bytes as a view starting `offset` bytes into a bigger buffer. */
function placed(bytes: Uint8Array, offset: number): Uint8Array {
  const host = new Uint8Array(bytes.length + 8);
  host.set(bytes, offset);
  return host.subarray(offset, offset + bytes.length);
}

const piece = fc.oneof(
  fc.stringMatching(/^[A-Z+:, 0-9"é]{0,40}$/).map((l) => `\r\n${l}\r\n`),
  fc.string({ maxLength: 60 }).map((p) => `\r\n+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/set",${utf8Encode(p).length},"${p}"\r\n`),
  fc.string({ maxLength: 20 }).map((p) => `+QMTRECV: 1,2,"t",${utf8Encode(p).length},${p}\r\n`),
  fc.constantFrom('\r\n+QIRD: 5\r\nab\r\nc\r\nOK\r\n', 'AT+CSQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\n', '\x00', '\t', 'x'.repeat(300), '\r\n+QMTRECV: 0,1\r\n'),
);

describe('AtFramer on long chunks', () => {
  it('frames +QMTRECV lines after an over-long one the same in one chunk as byte by byte', () => {
    // The dropped line leaves its quote open; a remembered topic prefix must not paper over that.
    const long = `+QMTRECV: 1,2,"${'y'.repeat(60)}",3,"abc"`;
    const recv = '\r\n+QMTRECV: 0,0,"t/x",0,\r\n';
    const bytes = utf8Encode(`\r\n+QIRD: 3\r\na\nb\r\n${long}+QM\r${long}${recv}\r\n\r\n${recv}${recv}`);
    const oneByOne = frames(Array.from(bytes, (b) => Uint8Array.of(b)), 64);
    expect(frames([bytes], 64)).toEqual(oneByOne);
    expect(oneByOne.filter((f) => f.kind === 'payload')).toHaveLength(2);
  });

  it('gives the frames of a byte-at-a-time read for whole-stream and long chunks at any alignment (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 10, maxLength: 60 }), fc.nat(3), fc.array(fc.nat(), { maxLength: 3 }), fc.constantFrom(64, 8192), (pieces, offset, cuts, maxLine) => {
        const bytes = utf8Encode(pieces.join(''));
        const oneByOne = frames(Array.from(bytes, (b) => Uint8Array.of(b)), maxLine);
        expect(frames([placed(bytes, offset)], maxLine)).toEqual(oneByOne);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let last = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(placed(bytes.slice(last, p), (p + offset) % 4));
          last = p;
        }
        expect(frames(chunks, maxLine)).toEqual(oneByOne);
      }),
      { numRuns: 200 },
    );
  });
});
