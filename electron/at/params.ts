// AT parameter lists: `0,"host, with comma",1883`, `(0-5),"topic",(0,1)`. Quoted strings keep
// commas; parentheses group ranges in test responses. Lenient about spaces (quirk Q12).
// The one tokenizer for module responses, URCs and command lines (the engine's command table and
// the script readers in presets/ both use it); the virtual module keeps its own reading on purpose.

export interface AtParam {
  /** The value with surrounding quotes removed; bare values are trimmed. */
  value: string;
  quoted: boolean;
  /** Where `value` sits in the text given to splitParams (`text.slice(start, end) === value`), so one
   * parameter can be replaced in place, e.g. a secret masked in a script row. */
  start: number;
  end: number;
}

/**
 * The parameters of `text` from offset `from` (default 0: all of it). Offsets are into `text`
 * itself, so a caller can pass a whole command line and the index after its `=`.
 */
export function splitParams(text: string, from = 0): AtParam[] {
  const out: AtParam[] = [];
  let i = from;
  const n = text.length;
  if (text.slice(from).trim() === '') return out;
  while (i <= n) {
    while (i < n && text[i] === ' ') i++;
    if (text[i] === '"') {
      // A quoted value ends at the quote followed (after spaces) by a comma or the end; module
      // payloads are not escaped, so an inner quote not followed by a comma stays in the value.
      let j = i + 1;
      let end = -1;
      while (j < n) {
        if (text[j] === '"') {
          let k = j + 1;
          while (k < n && text[k] === ' ') k++;
          if (k >= n || text[k] === ',') {
            end = j;
            break;
          }
        }
        j++;
      }
      if (end < 0) {
        out.push({ value: text.slice(i + 1), quoted: true, start: i + 1, end: n });
        break;
      }
      out.push({ value: text.slice(i + 1, end), quoted: true, start: i + 1, end });
      i = end + 1;
      while (i < n && text[i] === ' ') i++;
      if (i >= n) break;
      i++; // the comma
      if (i >= n) {
        // a comma that ends the text: one empty parameter follows it, then nothing
        out.push({ value: '', quoted: false, start: n, end: n });
        break;
      }
      continue;
    }
    let depth = 0;
    let j = i;
    while (j < n && !(text[j] === ',' && depth === 0)) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth = Math.max(0, depth - 1);
      j++;
    }
    const raw = text.slice(i, j);
    const value = raw.trim();
    // Leading spaces are skipped above, so only other white space (a tab) makes this search run.
    const start = value.length === raw.length ? i : i + raw.indexOf(value);
    out.push({ value, quoted: false, start, end: start + value.length });
    if (j >= n) break;
    i = j + 1;
    if (i >= n) {
      out.push({ value: '', quoted: false, start: n, end: n });
      break;
    }
  }
  return out;
}

/** Integer value of a bare parameter, or null. */
export function intParam(p: AtParam | undefined): number | null {
  if (!p || p.quoted || !/^-?\d+$/.test(p.value)) return null;
  return Number(p.value);
}

export function values(params: AtParam[]): string[] {
  return params.map((p) => p.value);
}

/**
 * `splitParams(text).map(intParam)` when every field is an integer, else null (null too when there
 * is no field): a deferred result URC's fields, read without a parameter object per field.
 */
export function intFields(text: string): number[] | null {
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    let j = text.indexOf(',', i);
    if (j < 0) j = n;
    const v = intField(text, i, j);
    if (v === null) return null;
    out.push(v);
    if (j === n) return out;
    i = j + 1;
  }
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** intParam of text[i, j) read as a bare parameter (a quote or a parenthesis makes it no integer). */
function intField(text: string, i: number, j: number): number | null {
  const neg = text.charCodeAt(i) === 0x2d;
  const from = neg ? i + 1 : i;
  // White space at either end: trimmed as splitParams does, then read as intParam does.
  if (from >= j || !isDigit(text.charCodeAt(from)) || !isDigit(text.charCodeAt(j - 1))) {
    const value = text.slice(i, j).trim();
    return /^-?\d+$/.test(value) ? Number(value) : null;
  }
  if (j - from > 15) return /^-?\d+$/.test(text.slice(i, j)) ? Number(text.slice(i, j)) : null;
  let v = 0;
  for (let k = from; k < j; k++) {
    const c = text.charCodeAt(k);
    if (!isDigit(c)) return null;
    v = v * 10 + (c - 0x30);
  }
  return neg ? -v : v;
}
