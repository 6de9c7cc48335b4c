// AT parameter lists: `0,"host, with comma",1883`, `(0-5),"topic",(0,1)`. Quoted strings keep
// commas; parentheses group ranges in test responses. Lenient about spaces (quirk Q12).

export interface AtParam {
  /** The value with surrounding quotes removed. */
  value: string;
  quoted: boolean;
}

export function splitParams(text: string): AtParam[] {
  const out: AtParam[] = [];
  let i = 0;
  const n = text.length;
  if (text.trim() === '') return out;
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
        out.push({ value: text.slice(i + 1), quoted: true });
        break;
      }
      out.push({ value: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      while (i < n && text[i] === ' ') i++;
      if (i >= n) break;
      i++; // the comma
      if (i >= n) out.push({ value: '', quoted: false });
      continue;
    }
    let depth = 0;
    let j = i;
    while (j < n && !(text[j] === ',' && depth === 0)) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth = Math.max(0, depth - 1);
      j++;
    }
    out.push({ value: text.slice(i, j).trim(), quoted: false });
    if (j >= n) break;
    i = j + 1;
    if (i >= n) out.push({ value: '', quoted: false });
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
