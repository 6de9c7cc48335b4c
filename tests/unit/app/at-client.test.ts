// AtClient against a module that answers at once: what the terminal and the capture record, in
// order, and what a caller awaiting a command gets when the answer beat the end of the write.
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

  it('settles a command whose answer came while its bytes were still being written', async () => {
    // A busy host (CI, a loaded laptop): the module's OK is handled before link.write resolves.
    const { link, emit } = fakeLink();
    const write = link.write;
    link.write = async (bytes) => {
      await write(bytes);
      emit(latin1Decode(bytes).startsWith('AT+CEREG?') ? '\r\n+CEREG: 0,1\r\n\r\nOK\r\n' : '\r\nERROR\r\n');
    };
    const client = new AtClient({ link, pipeline: new SessionPipeline({ clock: { now: () => 0 } }), scheduler: { now: () => 0, after: () => () => {} } });
    const outcome = await client.sendLine('AT+CEREG?', { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: true, result: 'OK', info: ['+CEREG: 0,1'] });
    const failed = await client.sendLine('AT+CGREG?');
    expect(failed).toMatchObject({ ok: false, result: 'ERROR' });
  });
});
