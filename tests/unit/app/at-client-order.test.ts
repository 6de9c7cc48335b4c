// What the terminal and the capture record, in order, when the app answers the module at once: a
// command sent by a fact listener while a received chunk is handled comes after that chunk.
import { describe, expect, it } from 'vitest';
import { AtClient } from '../../../electron/services/at-client';
import { SessionPipeline } from '../../../electron/session/pipeline';
import { fakeLink } from '../../support/fake-link';
import { latin1Decode, utf8Encode } from '../../../shared/bytes';

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
