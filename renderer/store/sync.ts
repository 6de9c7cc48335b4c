// Keeps the store in step with main: subscribe to the batch stream first, then take a snapshot; a
// batch whose number does not follow the last one means something was missed (a reload, a slow
// browser skipped by the host), so the renderer takes a new snapshot (architecture.md, "Streams").
import type { ModemDeckApi, SessionSnapshot, StreamBatch } from '../../shared/contract';
import type { Fact } from '../../shared/facts';
import { onHostReconnect } from '../api';
import { NOTICE_KEEP, useAppStore, type AppState } from './app-store';
import { terminalLog } from './terminal-log';

/** Facts for panels that show them; bounded. */
export const recentFacts: Fact[] = [];
const FACT_KEEP = 5000;

/** Local command-list edits go to main after this pause in typing. */
const EDIT_DEBOUNCE_MS = 300;

export function startSync(api: ModemDeckApi, store = useAppStore): () => void {
  let lastSeq = -1;
  let early: StreamBatch[] = [];
  let resyncing = false;

  const redraw = logRedraws(() => store.setState((s) => ({ logVersion: s.logVersion + 1 })));

  const apply = (b: StreamBatch) => {
    if (b.cleared) terminalLog.clear();
    if (b.log) terminalLog.append(b.log);
    keepFacts(b.facts);
    const onlyLog = !b.cleared && !b.notices.length && !b.link && !b.run && b.transfer === undefined && b.logFile === undefined && !b.script;
    if (onlyLog) {
      // Lines alone (nearly every batch): the store has them; the view redraws at most once a frame.
      if (b.log) redraw.request();
      return;
    }
    const log = !!b.log || b.cleared || redraw.pending();
    if (log) redraw.drawn();
    store.setState((s) => {
      const patch: Partial<AppState> = {};
      if (log) patch.logVersion = s.logVersion + 1;
      if (b.notices.length) patch.notices = [...s.notices, ...b.notices].slice(-NOTICE_KEEP);
      if (b.link) patch.link = b.link;
      if (b.run) patch.run = b.run;
      if (b.transfer !== undefined) patch.transfer = b.transfer;
      if (b.logFile !== undefined) patch.logFile = b.logFile;
      // Main's echo of the list wins only when the user has not edited since.
      if (b.script && s.editVersion === s.confirmedEdit) patch.script = b.script;
      return patch;
    });
  };

  const hydrate = (snap: SessionSnapshot) => {
    terminalLog.replace(snap.log);
    recentFacts.length = 0;
    keepFacts(snap.facts);
    store.setState((s) => ({
      synced: true,
      dialogs: snap.dialogs,
      link: snap.link,
      run: snap.run,
      transfer: snap.transfer,
      logFile: snap.logFile,
      notices: snap.notices.slice(-NOTICE_KEEP),
      script: snap.script,
      editVersion: s.editVersion + 1,
      confirmedEdit: s.editVersion + 1,
      logVersion: s.logVersion + 1,
    }));
  };

  const resync = async () => {
    if (resyncing) return;
    resyncing = true;
    lastSeq = -1;
    early = [];
    try {
      const r = await api.snapshot();
      if (!r.ok) return;
      hydrate(r.value);
      lastSeq = r.value.seq;
      const pending = early;
      early = [];
      for (const b of pending) receive(b);
    } finally {
      resyncing = false;
    }
  };

  const receive = (b: StreamBatch) => {
    if (lastSeq < 0) {
      early.push(b);
      return;
    }
    if (b.seq <= lastSeq) return;
    if (b.seq !== lastSeq + 1) {
      void resync();
      return;
    }
    lastSeq = b.seq;
    apply(b);
  };

  // Command-list edits: debounced, and confirmed by main's answer.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const offEdits = store.subscribe((s, prev) => {
    if (s.editVersion === prev.editVersion || s.editVersion === s.confirmedEdit) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(async () => {
      timer = null;
      const sent = store.getState();
      if (sent.editVersion === sent.confirmedEdit) return;
      const version = sent.editVersion;
      const r = await api.setScript({ rows: sent.script.rows, settings: sent.script.settings });
      if (store.getState().editVersion !== version) return; // edited again meanwhile: that send follows
      store.setState(r.ok ? { script: r.value, confirmedEdit: version } : { confirmedEdit: version });
    }, EDIT_DEBOUNCE_MS);
  });

  const offStream = api.on.stream(receive);
  const offReconnect = onHostReconnect(() => void resync());
  void resync();
  return () => {
    redraw.stop();
    offStream();
    offReconnect();
    offEdits();
    if (timer) clearTimeout(timer);
  };
}

function keepFacts(facts: Fact[]): void {
  if (!facts.length) return;
  recentFacts.push(...facts);
  if (recentFacts.length > FACT_KEEP) recentFacts.splice(0, recentFacts.length - FACT_KEEP);
}

/**
 * Coalesces the log view's redraws (performance-plan.md §8.2.4): the first batch after a frame
 * redraws at once (the lowest latency); batches that come before the next frame (a page that fell
 * behind finds several queued) only mark it, and that frame's animation callback draws them all in
 * one render, before it paints. A timer stands in for frames a hidden window does not get.
 */
function logRedraws(draw: () => void) {
  let drewThisFrame = false;
  let pending = false;
  let raf = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const hasRaf = typeof requestAnimationFrame === 'function';

  const frame = () => {
    if (raf && hasRaf) cancelAnimationFrame(raf);
    if (timer) clearTimeout(timer);
    raf = 0;
    timer = null;
    drewThisFrame = false;
    if (pending) drawNow();
  };
  const arm = () => {
    if (timer) return;
    if (hasRaf) raf = requestAnimationFrame(frame);
    timer = setTimeout(frame, hasRaf ? 250 : 16);
  };
  const drawNow = () => {
    pending = false;
    drewThisFrame = true;
    arm();
    draw();
  };
  return {
    /** New lines are in the store. */
    request(): void {
      if (drewThisFrame) pending = true;
      else drawNow();
    },
    /** Whether lines are waiting for a redraw. */
    pending: () => pending,
    /** The caller redraws now, with other state. */
    drawn(): void {
      pending = false;
      drewThisFrame = true;
      arm();
    },
    stop(): void {
      if (raf && hasRaf) cancelAnimationFrame(raf);
      if (timer) clearTimeout(timer);
      raf = 0;
      timer = null;
      pending = false;
    },
  };
}
