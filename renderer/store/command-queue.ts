// Which typed commands wait behind a busy one (reliability-checklist B13). The module buffers a
// command sent while another is pending and answers it afterwards (quectel-at.md Q9); the engine
// models that queue and reports each command's start (at.command) and end (at.final). The terminal
// derives the queue from those facts alone, so it shows what main saw, never a guess.
import type { Fact } from '../../shared/facts';

export interface CommandQueueView {
  /** The command the module is answering now, null when none. */
  running: { id: number; command: string } | null;
  /** Commands sent after it, oldest first; each runs once those before it ended. */
  queued: { id: number; command: string }[];
}

export function commandQueue(facts: readonly Fact[]): CommandQueueView {
  const open = new Map<number, string>();
  for (const f of facts) {
    if (f.kind === 'at.command') open.set(f.id, f.command);
    // A final ends the command's turn; a deferred result (+QMTOPEN: 0,0) no longer blocks the queue.
    else if (f.kind === 'at.final') open.delete(f.id);
  }
  const list = [...open].sort((a, b) => a[0] - b[0]).map(([id, command]) => ({ id, command }));
  return { running: list[0] ?? null, queued: list.slice(1) };
}
