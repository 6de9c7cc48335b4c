// The byte side of a QCOM script: which encoding a file is in (UTF-8 with or without a BOM, or the
// ANSI code page GBK that QCOM on Chinese Windows writes), decoding it with errors that name a line,
// and encoding text back the way it came.
import iconv from 'iconv-lite';
import { concatBytes, utf8Decode, utf8Encode } from '../../shared/bytes';
import { QcomIniError, type QcomEncoding } from './qcom-script';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeScriptBytes(bytes: Uint8Array, forced?: QcomEncoding): { text: string; encoding: QcomEncoding; bom: boolean } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new QcomIniError(
      'encoding',
      1,
      'the file is UTF-16; save it as UTF-8 or ANSI (GBK) and load it again',
      '文件是 UTF-16 编码；请另存为 UTF-8 或 ANSI (GBK) 后再加载',
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw binaryContent(lineOfByte(bytes, nul));
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    controls++;
    if (firstControl < 0) firstControl = i;
  }
  if (controls > bytes.length / 10) throw binaryContent(lineOfByte(bytes, firstControl));

  const bom = UTF8_BOM.every((b, i) => bytes[i] === b);
  const body = bom ? bytes.subarray(3) : bytes;
  const encoding = forced ?? (bom || isUtf8(body) ? 'utf-8' : 'gbk');
  if (encoding === 'utf-8') {
    if (isUtf8(body)) return { text: strictUtf8.decode(body), encoding, bom };
    const text = utf8Decode(body);
    throw notDecodable('UTF-8', lineOfChar(text, text.indexOf('\uFFFD')));
  }
  // GBK has no U+FFFD, so every replacement character marks bytes that are not GBK.
  const text = iconv.decode(body, 'gbk');
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = lineOfChar(text, bad);
    throw countOf(text, '\uFFFD') > text.length / 10 ? binaryContent(line) : notDecodable('GBK', line);
  }
  return { text, encoding, bom };
}

/** The script's text as bytes in its own encoding, with the BOM back when it had one. */
export function encodeScriptText(text: string, encoding: QcomEncoding, bom: boolean): Uint8Array {
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  const body = utf8Encode(text);
  return bom ? concatBytes([Uint8Array.from(UTF8_BOM), body]) : body;
}

/** True when GBK holds the text: it reads back unchanged after a GBK write. */
export function gbkCanHold(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function binaryContent(line: number): QcomIniError {
  return new QcomIniError(
    'binary',
    line,
    'binary content, not a text script: load the .ini file QCOM saved with "Save As Script"',
    '这是二进制内容，不是文本脚本：请加载 QCOM“Save As Script”保存的 .ini 文件',
  );
}

function notDecodable(as: string, line: number): QcomIniError {
  return new QcomIniError(
    'encoding',
    line,
    `bytes that are neither UTF-8 nor GBK (read as ${as}): save the file as UTF-8 and load it again`,
    `存在既不是 UTF-8 也不是 GBK 的字节（按 ${as} 读取）：请另存为 UTF-8 后再加载`,
  );
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineOfChar(text: string, offset: number): number {
  return text.slice(0, Math.max(0, offset)).split(/\r\n|\n|\r/).length;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}
