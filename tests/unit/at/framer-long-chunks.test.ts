// The framer reads long chunks (≥ 256 bytes, what a busy port delivers) four bytes at a time and
// takes +QMTRECV headers and payloads in runs: the frames must still be exactly those of the same
// bytes fed one at a time, wherever the chunk sits in its buffer (word alignment).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AtFramer } from '../../../electron/at/framer';
import { collectFrames, type Frame } from '../../../electron/at/frames';
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
  it('frames every +QMTRECV line after a dropped over-long one as a payload, in one chunk as byte by byte', () => {
    // The dropped line stopped inside a quote: none of its quote and comma count may outlive it.
    const long = `+QMTRECV: 1,2,"${'y'.repeat(60)}",3,"abc"`;
    const recv = '\r\n+QMTRECV: 0,0,"t/x",0,\r\n';
    const bytes = utf8Encode(`\r\n+QIRD: 3\r\na\nb\r\n${long}+QM\r${long}${recv}\r\n\r\n${recv}${recv}`);
    const oneByOne = frames(Array.from(bytes, (b) => Uint8Array.of(b)), 64);
    expect(frames([bytes], 64)).toEqual(oneByOne);
    expect(oneByOne.filter((f) => f.kind === 'overflow')).toHaveLength(2);
    expect(oneByOne.filter((f) => f.kind === 'payload')).toHaveLength(3);
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

  it('gives the frames of a byte-at-a-time read for serial-sized chunks, with topics that share a prefix and an echo expected mid-line (property)', () => {
    // Small chunks cut +QMTRECV headers, so the framer compares them with remembered prefixes across
    // chunks; a similar topic, a bad length field or an echo check must never change the frames.
    const topic = fc.constantFrom('/sys/pk/dn/thing/service/property/set', '/sys/pk/dn/thing/service/property/sex', '/sys/pk/dn/thing/event/property/post_reply');
    const recv = fc.tuple(topic, fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', 'x')).map(([t, p, bad]) => `\r\n+QMTRECV: 0,0,"${t}",${bad}${utf8Encode(p).length},"${p}"\r\n`);
    const small = fc.oneof(recv, recv, piece);
    fc.assert(
      fc.property(fc.array(small, { minLength: 5, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.nat(), fc.constantFrom(64, 8192), (pieces, sizes, echoAt, maxLine) => {
        const bytes = utf8Encode(pieces.join(''));
        const at = echoAt % (bytes.length + 1);
        const echo = utf8Encode('+QMTRECV: 0,0,"/sys/pk');
        const read = (cutsAt: (k: number) => number) => {
          const framer = new AtFramer({ maxLineBytes: maxLine });
          const out: Frame[] = [];
          const sink = collectFrames(out);
          let k = 0;
          let s = 0;
          while (k < bytes.length) {
            let next = Math.min(bytes.length, k + cutsAt(s++));
            if (k < at && next > at) next = at; // the echo is expected from byte `at` on
            if (k === at) framer.expectEcho(echo);
            framer.push(bytes.slice(k, next), sink);
            k = next;
          }
          return out;
        };
        expect(read((s) => sizes[s % sizes.length])).toEqual(read(() => 1));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a header cut by a chunk boundary by its own bytes when it turns out not to be the topic seen before', () => {
    // The first message teaches the framer the ".../set" prefix; the second is ".../sex", cut just
    // before the difference, with an echo expected there (its bytes then go through the slow path).
    const set = '\r\n+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/set",3,"abc"\r\n';
    const cut = '\r\n+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/se';
    const rest = 'x",3,"def"\r\n';
    const framer = new AtFramer();
    const out: Frame[] = [];
    const sink = collectFrames(out);
    framer.push(utf8Encode(set), sink);
    framer.push(utf8Encode(cut), sink);
    framer.expectEcho(utf8Encode('AT'));
    framer.push(utf8Encode(rest), sink);
    expect(out.map((f) => (f.kind === 'payload' ? f.header : f.kind))).toEqual([
      '+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/set",3',
      '+QMTRECV: 0,0,"/sys/pk/dn/thing/service/property/sex",3',
    ]);
  });
});
