// Commands typed behind a busy one, shown as queued until the module gets to them
// (reliability-checklist B13): the user sees that a line was not lost, nor sent into the middle of
// the command still pending. Derived from the engine's facts (store/command-queue.ts).
import { useAppStore } from '../store/app-store';
import { recentFacts } from '../store/sync';
import { commandQueue } from '../store/command-queue';
import { useT } from '../i18n';

/** Queued commands named one by one; more are counted. */
const QUEUED_SHOWN = 3;

export function CommandQueue() {
  const t = useT();
  // Facts arrive with the log lines that carry them: a log redraw is when the queue can change.
  useAppStore((s) => s.logVersion);
  const open = useAppStore((s) => s.link.phase === 'open');
  const { running, queued } = commandQueue(recentFacts);
  if (!open || !running || queued.length === 0) return null;
  return (
    <div className="command-queue muted" role="status" data-testid="queued">
      {queued.slice(0, QUEUED_SHOWN).map((q) => (
        <span key={q.id} className="queued" data-testid="queued-command">
          {t('term.queued', { command: q.command, running: running.command })}
        </span>
      ))}
      {queued.length > QUEUED_SHOWN && <span>+{queued.length - QUEUED_SHOWN}</span>}
    </div>
  );
}
