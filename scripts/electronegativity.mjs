#!/usr/bin/env node
// CI step: Doyensec's electronegativity over the built app (dist-electron: main, preload; and the
// renderer build), failing on any finding above "low" (reliability-checklist §7 F). Needs the
// devDependency @doyensec/electronegativity and `npm run build` first.
// Usage: node scripts/electronegativity.mjs [--input dist-electron] [--out test-results/electronegativity.sarif]
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const output = resolve(args.get('out') ?? 'test-results/electronegativity.sarif');
// Main and preload bundles together with the renderer build, so the CSP in index.html is seen too.
const sources = args.has('input') ? [resolve(args.get('input'))] : [resolve('dist-electron'), resolve('dist-renderer')];
for (const dir of sources) {
  if (!existsSync(dir)) {
    console.error(`electronegativity: ${dir} does not exist: run "npm run build" first`);
    process.exit(2);
  }
}
const input = await mkdtemp(join(tmpdir(), 'modemdeck-electronegativity-'));
for (const dir of sources) await cp(dir, join(input, basename(dir)), { recursive: true });
const bin = resolve('node_modules/@doyensec/electronegativity/dist/index.js');
if (!existsSync(bin)) {
  console.error('electronegativity: @doyensec/electronegativity is not installed: npm install --save-dev @doyensec/electronegativity');
  process.exit(2);
}
await mkdir(dirname(output), { recursive: true });
// The command line writes its report before it exits; its programmatic API resolves earlier.
const scan = spawnSync(process.execPath, [bin, '-i', input, '-o', output], { encoding: 'utf8', timeout: 300_000 });
if (scan.status !== 0 || !existsSync(output)) {
  console.error(`electronegativity: the scan failed (exit ${scan.status}): ${scan.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  process.exit(2);
}
await rm(input, { recursive: true, force: true });

const sarif = JSON.parse(await readFile(output, 'utf8'));
const RANK = { informational: 0, info: 0, low: 1, medium: 2, high: 3, critical: 4 };
// SARIF levels when the tool gives no severity of its own: note ≈ low, warning/error above it.
const LEVEL_RANK = { none: 0, note: 1, warning: 2, error: 3 };
const findings = [];
for (const r of sarif.runs ?? []) {
  const rules = r.tool?.driver?.rules ?? [];
  for (const result of r.results ?? []) {
    const rule = rules[result.ruleIndex] ?? rules.find((x) => x.id === result.ruleId) ?? {};
    const severity = String(result.properties?.severity ?? rule.properties?.severity ?? '').toLowerCase();
    const level = result.level ?? rule.defaultConfiguration?.level ?? 'warning';
    const rank = severity in RANK ? RANK[severity] : LEVEL_RANK[level] ?? 2;
    const where = result.locations?.[0]?.physicalLocation;
    findings.push({ rank, id: result.ruleId ?? rule.id, severity: severity || level, at: `${where?.artifactLocation?.uri ?? '?'}:${where?.region?.startLine ?? '?'}`, text: result.message?.text ?? '' });
  }
}
const blocking = findings.filter((f) => f.rank > RANK.low);
for (const f of findings) console.log(`${f.rank > RANK.low ? 'FAIL' : 'ok  '} ${f.severity.padEnd(8)} ${f.id} ${f.at} ${f.text}`);
console.log(`electronegativity: ${findings.length} finding(s), ${blocking.length} above low (report: ${output})`);
process.exit(blocking.length > 0 ? 1 : 0);
