// A data phase the module still waits in (reliability-checklist B14): the banner's facts, the guard
// that keeps a typed command from silently becoming payload, and the user's way out of it.
import type { Fact } from '../../shared/facts';
import { latin1Decode } from '../../shared/bytes';
import type { DataPhaseOutcome } from '../../shared/contract';
import type { SecretMasker } from '../session/secret-mask';
import type { AtClient } from './at-client';
import { AppError } from './app-error';
import type { Notify } from './notices';

export class DataPhaseWatch {
  /** The data phase the engine reported left short (at.data-short), until it ends. */
  private shortData: { id: number; command: string } | null = null;

  constructor(
    private readonly masker: SecretMasker,
    private readonly notify: Notify,
  ) {}

  /** The banner's facts: a data phase left short (count = bytes owed), and how it ended. */
  track(f: Fact): void {
    if (f.kind === 'at.data-short') {
      this.shortData = { id: f.id, command: f.command };
      const notice = f.owedBytes === null ? 'data.open' : 'data.short';
      this.notify('warn', notice, f.command, undefined, f.owedBytes ?? undefined);
      return;
    }
    const short = this.shortData;
    if (!short || !('id' in f) || f.id !== short.id) return;
    if (f.kind === 'at.data') {
      this.shortData = null;
      if (f.cancelled) this.notify('info', 'data.cancelled', short.command);
      else this.notify('info', 'data.completed', short.command, `${f.sentLength}/${f.declaredLength ?? '-'}`);
    } else if (f.kind === 'at.final') {
      // The phase ended without its payload: the port went away or the module restarted.
      this.shortData = null;
      this.notify('warn', 'data.abandoned', short.command, f.result);
    }
  }

  /**
   * The port closes under a data phase left short: its banner goes (the facts that would say so
   * are not listened to any more).
   */
  linkClosed(): void {
    if (this.shortData) this.notify('warn', 'data.abandoned', this.shortData.command);
    this.shortData = null;
  }

  /** Throws when `bytes`, sent now, would become payload the user did not mean as payload. */
  checkSend(client: AtClient, bytes: Uint8Array, asPayload: boolean): void {
    const head = client.pipeline.pending()[0];
    if (head?.phase === 'data' && !asPayload && (this.shortData?.id === head.id || /^\s*AT/i.test(latin1Decode(bytes)))) {
      const owed = head.owedBytes ?? null;
      const en = owed === null ? 'the module still waits for the rest of the data (Ctrl+Z ends it)' : `the module still waits for ${owed} bytes of the payload`;
      const zh = owed === null ? '模块仍在等待数据（以 Ctrl+Z 结束）' : `模块仍在等待 ${owed} 字节的数据`;
      throw new AppError(
        'DATA_PHASE',
        `${head.command}: ${en}: what you send now becomes payload. Send it as payload, or complete the payload first`,
        `${head.command}：${zh}：现在发送的内容会成为数据。请确认作为数据发送，或先补全数据`,
      );
    }
  }

  /**
   * Ends the data phase the module waits in: a fixed-length payload is completed with the owed
   * bytes as spaces (the manual documents no cancel for it, so the module then acts on the padded
   * payload; trailing spaces keep a complete JSON valid), a variable-length one is cancelled with
   * ESC (§1.7). Then `AT` checks that the module answers commands again.
   */
  async finish(client: AtClient, how: 'pad' | 'cancel'): Promise<DataPhaseOutcome> {
    const head = client.pipeline.pending()[0];
    if (!head || head.phase !== 'data') {
      throw new AppError('BAD_REQUEST', 'the module is not waiting for data: nothing to complete', '模块没有在等待数据：无需补全');
    }
    const owed = head.owedBytes ?? null;
    if (how === 'pad' && owed === null) {
      throw new AppError('BAD_REQUEST', `${head.command} has no declared length: cancel it with ESC instead`, `${head.command} 没有声明长度：请用 ESC 取消`);
    }
    if (how === 'cancel' && owed !== null) {
      throw new AppError('BAD_REQUEST', `${head.command} has a fixed length and the module documents no cancel for it: complete it instead`, `${head.command} 为定长数据，模块不支持取消：请补全`);
    }
    const bytes = how === 'pad' ? new Uint8Array(owed!).fill(0x20) : Uint8Array.of(0x1b);
    const done = await client.sendBytes(bytes, { waitFor: 'final' });
    const probe = await client.sendLine('AT', { enter: 'cr', waitFor: 'final' });
    if (probe.ok) this.notify('info', 'data.recovered', 'AT', probe.result);
    else this.notify('error', 'data.stuck', 'AT', probe.result);
    return { result: this.masker.maskText(done.result), probe: probe.result };
  }
}
