// QCOM command-list scripts ("Save As Script" / "Load Test Script" .ini files): bytes <-> QcomScript.
// Format: quectel-at.md §8.2 and shared/fixtures/README.md. The codec is lossless: a script read
// and written back gives the same bytes (encoding, BOM, line endings, unknown keys and sections).
//
// This is the codec's one entry point; its parts live beside it:
//   qcom-script.ts        the script model, QCOM's defaults, our limits, QcomIniError
//   qcom-ini-encoding.ts  BOM, UTF-8/GBK detection, decoding and encoding the bytes
//   qcom-ini-lines.ts     .ini line syntax and the key names a script interprets
//   qcom-ini-reader.ts    parseQcomIni: lines -> settings, rows, kept text
//   qcom-ini-writer.ts    writeQcomIni and the checks that make a script writable
export * from './qcom-script';
export { parseQcomIni, type ParseQcomIniOptions } from './qcom-ini-reader';
export { writeQcomIni } from './qcom-ini-writer';
