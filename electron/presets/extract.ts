// What a script says about its MQTT connection (the Aliyun flow of the seed's ma_MQTT.ini), and
// where it carries secrets. Imported scripts from colleagues routinely hold live DeviceSecrets
// (reliability-checklist.md F5), so every view and export masks them.
import { structuralSecretFields } from '../session/secret-mask';
import type { AtParam } from '../at/params';
import { parseAtCommandLine, paramValue, type AtCommandLine } from './at-command-line';
import type { QcomRow, QcomScript } from './qcom-ini';
import type { ImportedMqttSetup } from '../../shared/aliyun';

/** What a script says about its MQTT connection; the type lives in shared/ so the renderer's form can take it. */
export type MqttSetup = ImportedMqttSetup;

interface CommandRow {
  row: QcomRow;
  cmd: AtCommandLine;
}

function commandRows(script: QcomScript): CommandRow[] {
  const out: CommandRow[] = [];
  for (const row of script.rows) {
    if (row.hex) continue;
    const cmd = parseAtCommandLine(row.text);
    if (cmd && cmd.form === 'write') out.push({ row, cmd });
  }
  return out;
}

function isAliauth(cmd: AtCommandLine): boolean {
  return cmd.name === '+QMTCFG' && paramValue(cmd, 0)?.toLowerCase() === 'aliauth' && cmd.params.length >= 5;
}

function clientIndexOf(cmd: AtCommandLine, position: number): number | null {
  const v = paramValue(cmd, position);
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
}

export function extractMqttSetup(script: QcomScript): MqttSetup {
  const rows = commandRows(script);
  // quectel-at.md §3.6: aliauth carries <client_idx> as its 2nd parameter, the others as their 1st.
  const indexed = rows.map(({ cmd }) => ({ cmd, client: clientIndexOf(cmd, isAliauth(cmd) ? 1 : 0) }));
  const first = indexed.find(({ cmd }) => isAliauth(cmd) || cmd.name === '+QMTOPEN' || cmd.name === '+QMTCONN');
  const clientIndex = first?.client ?? null;
  const ofClient = indexed.filter((r) => clientIndex === null || r.client === clientIndex).map((r) => r.cmd);

  const auth = ofClient.find(isAliauth);
  const open = ofClient.find((c) => c.name === '+QMTOPEN' && c.params.length >= 3);
  const conn = ofClient.find((c) => c.name === '+QMTCONN' && c.params.length >= 2);
  const portText = open ? paramValue(open, 2) : null;
  const topics: string[] = [];
  // §3.6.6 AT+QMTSUB=<client_idx>,<msgid>,<topic1>,<qos1>[,<topic2>,<qos2>...]
  for (const sub of ofClient.filter((c) => c.name === '+QMTSUB')) {
    for (let i = 2; i < sub.params.length; i += 2) {
      const topic = sub.params[i].value;
      if (topic !== '' && !topics.includes(topic)) topics.push(topic);
    }
  }
  return {
    productKey: nonEmpty(auth && paramValue(auth, 2)),
    deviceName: nonEmpty(auth && paramValue(auth, 3)),
    deviceSecret: nonEmpty(auth && paramValue(auth, 4)),
    host: nonEmpty(open && paramValue(open, 1)),
    port: portText && /^\d+$/.test(portText) ? Number(portText) : null,
    clientId: nonEmpty(conn && paramValue(conn, 1)),
    clientIndex,
    topics,
  };
}

function nonEmpty(value: string | null | undefined): string | null {
  return value ? value : null;
}

export type SecretKind = 'DeviceSecret' | 'MqttPassword' | 'AccessKey' | 'ProductSecret';

export interface ScriptSecret {
  /** Row index (the `[N]` of the row). */
  row: number;
  kind: SecretKind;
  value: string;
  /** Where the value sits in the row's text. */
  param: AtParam;
}

/** QMTCFG options that carry credentials, and which parameter holds the secret (§3.6.1). */
const QMTCFG_SECRETS = new Map<string, { position: number; kind: SecretKind }>([
  ['aliauth', { position: 4, kind: 'DeviceSecret' }],
  ['onenet', { position: 3, kind: 'AccessKey' }],
  ['hwauth', { position: 3, kind: 'AccessKey' }],
  ['hwprodid', { position: 3, kind: 'ProductSecret' }],
]);

export function findSecrets(script: QcomScript): ScriptSecret[] {
  const found: ScriptSecret[] = [];
  for (const { row, cmd } of commandRows(script)) {
    let at: { position: number; kind: SecretKind } | undefined;
    if (cmd.name === '+QMTCFG') at = QMTCFG_SECRETS.get(paramValue(cmd, 0)?.toLowerCase() ?? '');
    // §3.6.4 AT+QMTCONN=<client_idx>,<clientid>[,<username>,<password>]
    else if (cmd.name === '+QMTCONN') at = { position: 3, kind: 'MqttPassword' };
    const param = at && cmd.params[at.position];
    if (at && param && param.value !== '') found.push({ row: row.index, kind: at.kind, value: param.value, param });
    else if (at) {
      // A malformed row (`"cid"x,...`) can hide the field from the strict reading: the masker's
      // lenient structural reading still finds it, and a credential in a typo is still a credential.
      for (const f of structuralSecretFields(row.text)) {
        if (!f.learnable || f.end <= f.start) continue;
        const value = row.text.slice(f.start, f.end);
        found.push({ row: row.index, kind: at.kind, value, param: { value, quoted: f.quoted, start: f.start, end: f.end } });
      }
    }
  }
  return found;
}

/** Indexes of the rows that carry a secret (aliauth and similar, QMTCONN with a password). */
export function findSecretRows(script: QcomScript): number[] {
  return [...new Set(findSecrets(script).map((s) => s.row))];
}

/** '7ab0c4b3…d7a' → '*****************************d7a': the length stays visible, the value does not. */
export function maskKeepingTail(secret: string): string {
  const chars = [...secret];
  const shown = chars.length > 6 ? 3 : 0;
  return '*'.repeat(chars.length - shown) + chars.slice(chars.length - shown).join('');
}

/** Shortest secret also replaced where it appears outside its parameter: shorter ones would hit ordinary text. */
const MIN_SECRET_TO_REPLACE_ANYWHERE = 6;

/**
 * A copy of the script with every secret replaced: in its parameter, and wherever the same value
 * appears again in a row or a kept line. `placeholder` is the text to put in (e.g. '<DeviceSecret>'),
 * or a function of the secret (e.g. maskKeepingTail).
 */
export function maskScriptSecrets(script: QcomScript, placeholder: string | ((secret: ScriptSecret) => string)): QcomScript {
  const secrets = findSecrets(script);
  if (secrets.length === 0) return script;
  const replacement = (s: ScriptSecret) => (typeof placeholder === 'string' ? placeholder : placeholder(s));
  const byRow = new Map<number, ScriptSecret[]>();
  for (const s of secrets) byRow.set(s.row, [...(byRow.get(s.row) ?? []), s]);
  const anywhere = secrets.filter((s) => s.value.length >= MIN_SECRET_TO_REPLACE_ANYWHERE).sort((a, b) => b.value.length - a.value.length);
  const scrub = (text: string) => anywhere.reduce((t, s) => t.split(s.value).join(replacement(s)), text);

  const rows = script.rows.map((row) => {
    let text = row.text;
    // Right to left, so earlier offsets stay valid.
    for (const s of [...(byRow.get(row.index) ?? [])].sort((a, b) => b.param.start - a.param.start)) {
      text = text.slice(0, s.param.start) + replacement(s) + text.slice(s.param.end);
    }
    const masked: QcomRow = { ...row, text: scrub(text) };
    if (row.extraLines) masked.extraLines = row.extraLines.map(scrub);
    return masked;
  });
  const { preserved } = script;
  return {
    ...script,
    rows,
    preserved: {
      ...preserved,
      preamble: preserved.preamble.map(scrub),
      settings: preserved.settings.map(scrub),
      sections: preserved.sections.map((s) => ({ name: s.name, lines: s.lines.map(scrub) })),
    },
  };
}
