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

  const apply = (b: StreamBatch) => {
    if (b.cleared) terminalLog.clear();
    if (b.log) terminalLog.append(b.log);
    keepFacts(b.facts);
    store.setState((s) => {
      const patch: Partial<AppState> = {};
      if (b.log || b.cleared) patch.logVersion = s.logVersion + 1;
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
