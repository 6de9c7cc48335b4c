// Every IPC command fed garbage and near-misses (reliability-checklist §1.4, §7 E): the answer is
// always a typed Result, a malformed payload is BAD_REQUEST naming the command, nothing throws, no
// stack trace reaches the renderer, and no payload can pollute a prototype.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandNames, commands, type ErrorCode, type Result } from '../../../shared/contract';
import { dispatch, type CommandHandlers } from '../../../electron/ipc/dispatch';
import { createHandlers, typedPathsOnly } from '../../../electron/ipc/handlers';
import { Workbench } from '../../../electron/services/workbench';
import { createVirtualLink } from '../../../electron/link/virtual-link';
import { VirtualModule } from '../../../electron/sim/virtual-module';
import { systemScheduler } from '../../../electron/platform/system-scheduler';
import { SecretMasker } from '../../../electron/session/secret-mask';
import { utf8Encode } from '../../../shared/bytes';

const ERROR_CODES: ErrorCode[] = ['BAD_REQUEST', 'FORBIDDEN', 'UNKNOWN_COMMAND', 'NOT_OPEN', 'ALREADY_OPEN', 'BUSY', 'NOT_FOUND', 'PERMISSION', 'BAD_HEX', 'BAD_SCRIPT', 'CANCELLED', 'RUNNING', 'IO', 'INTERNAL'];

/** Keys the contract uses, so near-misses get past the first "unrecognized key" more often. */
const KEYS = ['settings', 'path', 'baudRate', 'text', 'hex', 'enter', 'name', 'data', 'target', 'source', 'rows', 'id', 'ids', 'selected', 'delayMs', 'runTimes', 'waitForResult', 'capture', 'dtr', 'rts', '__proto__', 'constructor', 'prototype'];

const nearMiss = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.anything(),
    fc.constantFrom(NaN, Infinity, -1, 0, 2 ** 53, '', 'dialog', 'path', 'bytes', 'virtual:ec600s', '../../etc/passwd', null, true),
    fc.string({ maxLength: 5 }).map((s) => s.repeat(20_000)),
    fc.uint8Array({ maxLength: 16 }),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
}));

let dir: string;
let workbench: Workbench;
let handlers: CommandHandlers;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-fuzz-'));
  workbench = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: async () => createVirtualLink(new VirtualModule({ timing: 'fast', bootDelayMs: 5 })),
    captureDir: join(dir, 'captures'),
  });
  handlers = createHandlers(workbench, typedPathsOnly);
});

afterAll(async () => {
  await workbench.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function expectTyped(result: Result<unknown>, name: string, payload: unknown): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(ERROR_CODES).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.message).not.toMatch(/\n\s+at /); // no stack trace
  if (!commands[name as keyof typeof commands].request.safeParse(payload).success) {
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.message).toContain(name);
  }
}

describe('IPC fuzz', () => {
  it.each(commandNames.map((n) => [n]))('%s answers every malformed payload with a typed error and never throws', async (name) => {
    await fc.assert(
      fc.asyncProperty(nearMiss.value, async (payload) => {
        const result = await dispatch(handlers, name, payload);
        expectTyped(result, name, payload);
      }),
      { numRuns: 60 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses unknown and prototype command names', async () => {
    await fc.assert(
      // {"toString":0} is what once slipped through: String() of it throws.
      fc.asyncProperty(fc.oneof(fc.anything(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', { toString: 0 }, { valueOf: 1, toString: null })), async (name) => {
        const result = await dispatch(handlers, name, undefined);
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
      }),
      { numRuns: 100 },
    );
  });

  it('a payload carrying __proto__ (as JSON.parse builds it) pollutes nothing', async () => {
    const payloads = [
      '{"rows":[],"settings":{"runTimes":1,"delayMs":0},"__proto__":{"polluted":1}}',
      '{"rows":[{"id":0,"selected":true,"text":"AT","hex":false,"enter":true,"delayMs":null,"waitForResult":false,"__proto__":{"polluted":1}}],"settings":{"runTimes":1,"delayMs":0}}',
      '{"settings":{"__proto__":{"polluted":1},"runTimes":1,"delayMs":0},"rows":[]}',
    ];
    for (const text of payloads) {
      const result = await dispatch(handlers, 'setScript', JSON.parse(text));
      expect(result.ok).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    // A script whose section names and keys are prototype names loads as plain rows.
    const ini = '[__proto__]\r\npolluted=1\r\n[constructor]\r\nprototype=1\r\n[Setting]\r\nRunTimes=1\r\n[Item1]\r\nCommand=AT\r\n';
    const loaded = await dispatch(handlers, 'loadScript', { source: 'bytes', name: 'proto.ini', data: utf8Encode(ini) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('prototype');
    expect(typeof loaded.ok).toBe('boolean');
  });
});
