// How a terminal line reads as text, the same on screen, in a copy and in a saved log: UTF-8, the
// line ends around it dropped (responses come as <CR><LF>text<CR><LF>, quectel-at.md §1.3), other
// control bytes made visible so nothing the module sent is hidden.

const SYMBOLS: Record<number, string> = { 0x0d: '␍', 0x1a: '␚', 0x1b: '␛', 0x00: '␀' };

export function visibleText(bytes: Uint8Array, decode: (b: Uint8Array) => string): string {
  let start = 0;
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  while (start < end && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  let plain = true;
  for (let i = start; i < end && plain; i++) {
    const c = bytes[i];
    plain = (c >= 0x20 && c !== 0x7f) || c === 0x09 || c >= 0x80;
  }
  const text = decode(bytes.subarray(start, end));
  // Most lines hold no control byte: the decoded text as it is (no string built a character at a time).
  if (plain) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) out += SYMBOLS[c] ?? `\\x${c.toString(16).padStart(2, '0')}`;
    else out += text[i];
  }
  return out;
}
