// What the terminal and the capture record, in order, when the app answers the module at once: a
// command sent by a fact listener while a received chunk is handled comes after that chunk.
import { describe, expect, it } from 'vitest';
import { AtClient } from '../../../electron/services/at-client';
import { SessionPipeline } from '../../../electron/session/pipeline';
import type { Link } from '../../../electron/link/types';
import { latin1Decode, utf8Encode } from '../../../shared/bytes';

function fakeLink(): { link: Link; emit: (text: string) => void; written: string[] } {
  const listeners = new Set<(chunk: Uint8Array) => void>();
  const written: string[] = [];
  const link: Link = {
    name: 'fake',
    write: async (bytes) => void written.push(latin1Decode(bytes)),
    close: async () => {},
    setSignals: async () => {},
    getLines: async () => null,
    onData: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onClose: () => () => {},
  };
  return { link, emit: (text) => listeners.forEach((l) => l(utf8Encode(text))), written };
}

describe('AtClient', () => {
  it('records a command sent in answer to a received chunk after that chunk', async () => {
    let now = 1000;
    const { link, emit, written } = fakeLink();
    const client = new AtClient({ link, pipeline: new SessionPipeline({ clock: { now: () => now } }), scheduler: { now: () => now, after: () => () => {} } });
    const recorded: string[] = [];
    client.onRx((bytes) => recorded.push(`rx ${latin1Decode(bytes).trim()}`));
    client.onTx((bytes) => recorded.push(`tx ${latin1Decode(bytes).trim()}`));
    // the module rebooted: the app sends its init command as soon as it sees RDY
    client.pipeline.onFact((f) => {
      if (f.kind === 'at.restart') void client.write(utf8Encode('ATE1\r'));
    });
    emit('\r\nRDY\r\n');
    now += 1;
    await new Promise((r) => setTimeout(r, 0));
    expect(recorded).toEqual(['rx RDY', 'tx ATE1']);
    expect(written).toEqual(['ATE1\r']);
  });
});
