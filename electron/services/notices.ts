// The status area's events: kept for the snapshot (a renderer that reloads sees the recent ones)
// and streamed as they happen. A detail can quote module output or a path the user typed, so it is
// masked before it is kept.
import type { Scheduler } from '../../shared/clock';
import type { Notice, NoticeCode } from '../../shared/contract';
import type { SecretMasker } from '../session/secret-mask';

const NOTICE_HISTORY = 200;

/** How a part of the workbench reports to the status area. */
export type Notify = (level: Notice['level'], code: NoticeCode, subject?: string, detail?: string, count?: number) => void;

export class NoticeLog {
  private notices: Notice[] = [];

  constructor(
    private readonly scheduler: Scheduler,
    private readonly masker: SecretMasker,
    private readonly stream: (notice: Notice) => void,
  ) {}

  readonly add: Notify = (level, code, subject, detail, count) => {
    const n: Notice = { t: this.scheduler.now(), level, code, subject, detail: detail ? this.masker.maskText(detail) : undefined };
    if (count !== undefined) n.count = count;
    this.notices.push(n);
    if (this.notices.length > NOTICE_HISTORY) this.notices.shift();
    this.stream(n);
  };

  recent(): Notice[] {
    return this.notices.slice();
  }
}
