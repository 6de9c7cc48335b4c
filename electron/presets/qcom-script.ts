// The QCOM command-list script as ModemDeck holds it (qcom-ini.ts reads and writes it as .ini bytes):
// its rows and settings, the text kept for a lossless write-back, QCOM's defaults and our limits, and
// the one error both directions throw.

/** QCOM V1.6 defaults for an absent [SET] (quectel-at.md §8.1: Delay Time 1000 ms, Run Times 10). */
export const QCOM_DEFAULT_RUN_TIMES = 10;
export const QCOM_DEFAULT_DELAY_MS = 1000;

/** Scripts are typed by hand: anything above this is a mistake, not a test plan. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;
export const MAX_RUN_TIMES = 1_000_000;
export const MAX_DELAY_MS = 24 * 60 * 60 * 1000;
export const MAX_ROW_INDEX = 100_000;

export type QcomEncoding = 'utf-8' | 'gbk';
export type QcomLineEnding = 'crlf' | 'lf';

export interface QcomRow {
  /** The row's number: its section name `[index]`, from 1. */
  index: number;
  /** QCOM's per-row check box (`Cho`): Run sends this row. */
  selected: boolean;
  /** `CMD`: the text to send, or hex bytes when `hex`. One line; may be empty. */
  text: string;
  hex: boolean;
  /** Append Enter (CR LF) after the text. */
  enter: boolean;
  /** Per-row delay after sending; null means the script's DelayTime. */
  delayMs: number | null;
  /** Lines of this row's section ModemDeck does not interpret, written back verbatim. */
  extraLines?: string[];
}

export interface QcomSettings {
  runTimes: number;
  delayMs: number;
}

/** Parts of the file ModemDeck does not interpret, kept so a write-back loses nothing. */
export interface QcomPreservedText {
  /** Comment, blank and key lines before the first section. */
  preamble: string[];
  /** Lines of [SET] other than RunTimes and DelayTime. */
  settings: string[];
  /** Sections other than [SET] and [N], in file order. */
  sections: { name: string; lines: string[] }[];
  finalNewline: boolean;
}

export interface QcomScript {
  settings: QcomSettings;
  rows: QcomRow[];
  encoding: QcomEncoding;
  bom: boolean;
  lineEnding: QcomLineEnding;
  preserved: QcomPreservedText;
}

export type QcomIniErrorCode =
  | 'too-large'
  | 'binary'
  | 'encoding'
  | 'reserved-name'
  | 'bad-line'
  | 'bad-value'
  | 'duplicate'
  | 'no-rows'
  | 'not-writable'
  | 'bad-json';

/** One clear reason a script cannot be read or written. `line` is 1-based, null for the file as a whole. */
export class QcomIniError extends Error {
  override readonly name = 'QcomIniError';
  constructor(
    readonly code: QcomIniErrorCode,
    readonly line: number | null,
    message: string,
    /** The same message in zh-CN, for the UI. */
    readonly messageZh: string,
  ) {
    super(message);
  }
}

export function emptyPreservedText(): QcomPreservedText {
  return { preamble: [], settings: [], sections: [], finalNewline: true };
}
