// QCOM scripts as JSON (`modemdeck ini convert`): a readable, diffable form that converts back to the
// same .ini. Reading JSON is a trust boundary, so every field is checked by a schema.
import { z } from 'zod';
import {
  MAX_DELAY_MS,
  MAX_ROW_INDEX,
  MAX_RUN_TIMES,
  QCOM_DEFAULT_DELAY_MS,
  QCOM_DEFAULT_RUN_TIMES,
  QcomIniError,
  emptyPreservedText,
  type QcomRow,
  type QcomScript,
} from './qcom-ini';

export const QCOM_SCRIPT_JSON_FORMAT = 'modemdeck.qcom-script';

const delay = z.number().int().min(0).max(MAX_DELAY_MS);

const rowSchema = z.object({
  index: z.number().int().min(1).max(MAX_ROW_INDEX).optional(),
  selected: z.boolean().default(false),
  text: z.string(),
  hex: z.boolean().default(false),
  enter: z.boolean().default(true),
  delayMs: delay.nullable().default(null),
  extraLines: z.array(z.string()).optional(),
});

const scriptSchema = z.object({
  format: z.literal(QCOM_SCRIPT_JSON_FORMAT).optional(),
  settings: z
    .object({ runTimes: z.number().int().min(0).max(MAX_RUN_TIMES), delayMs: delay })
    .default({ runTimes: QCOM_DEFAULT_RUN_TIMES, delayMs: QCOM_DEFAULT_DELAY_MS }),
  rows: z.array(rowSchema).min(1, 'a script needs at least one row'),
  encoding: z.enum(['utf-8', 'gbk']).default('utf-8'),
  bom: z.boolean().default(false),
  lineEnding: z.enum(['crlf', 'lf']).default('crlf'),
  preserved: z
    .object({
      preamble: z.array(z.string()).default([]),
      settings: z.array(z.string()).default([]),
      sections: z.array(z.object({ name: z.string(), lines: z.array(z.string()) })).default([]),
      finalNewline: z.boolean().default(true),
    })
    .optional(),
});

/** The JSON document `ini convert` writes: the script plus a format tag. */
export type QcomScriptJson = { format: typeof QCOM_SCRIPT_JSON_FORMAT } & QcomScript;

export function scriptToJson(script: QcomScript): QcomScriptJson {
  return {
    format: QCOM_SCRIPT_JSON_FORMAT,
    settings: { ...script.settings },
    rows: script.rows.map((row) => ({ ...row })),
    encoding: script.encoding,
    bom: script.bom,
    lineEnding: script.lineEnding,
    preserved: script.preserved,
  };
}

/**
 * Reads a parsed JSON value (ours, or the output of `ini show`). Rows without an index are numbered
 * by position; missing encoding and line endings default to UTF-8 and CRLF, what QCOM expects.
 */
export function scriptFromJson(value: unknown): QcomScript {
  const parsed = scriptSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the document';
    throw new QcomIniError(
      'bad-json',
      null,
      `not a ModemDeck script: ${where}: ${issue.message}`,
      `不是 ModemDeck 脚本：${where}：${issue.message}`,
    );
  }
  const { settings, rows, encoding, bom, lineEnding, preserved } = parsed.data;
  return {
    settings,
    rows: rows.map(({ index, extraLines, ...fields }, i): QcomRow => ({
      index: index ?? i + 1,
      ...fields,
      ...(extraLines && extraLines.length > 0 ? { extraLines } : {}),
    })),
    encoding,
    bom,
    lineEnding,
    preserved: preserved ?? emptyPreservedText(),
  };
}
