// The publish editor's content as the Alink draft main builds and sends (shared/aliyun.ts
// PublishDraft), and the payload it will carry, for the live preview and byte count.
import { buildPublish, validateJson, type BilingualText, type DeviceRef, type PublishDraft } from '../../shared/aliyun';
import { utf8Length } from '../../shared/bytes';
import type { ParamRow, PublishEditor } from './mqtt-store';

/**
 * `{"name":value,…}` from the rows. A value that is JSON (1, 23.0, true, "x", {…}) goes in verbatim,
 * so 23.0 stays a float for the cloud (cloud-protocols.md §3.2); anything else becomes a string.
 */
export function paramsJson(rows: readonly ParamRow[]): string {
  const parts = rows
    .filter((r) => r.name.trim() !== '')
    .map((r) => {
      const value = r.value.trim();
      const literal = value !== '' && validateJson(value).ok ? value : JSON.stringify(r.value);
      return `${JSON.stringify(r.name.trim())}:${literal}`;
    });
  return `{${parts.join(',')}}`;
}

export function draftOf(editor: PublishEditor): PublishDraft {
  if (editor.kind === 'property-post') return { kind: 'property-post', params: paramsJson(editor.rows) };
  if (editor.kind === 'event-post') return { kind: 'event-post', eventId: editor.eventId, params: editor.text };
  return { kind: 'custom', topic: editor.topic, payload: editor.text };
}

/** Alink ids are at most 10 digits; the preview uses one of that length so the byte count holds. */
const PREVIEW_ID = '1000000000';

export type DraftPreview =
  | { ok: true; topic: string; payload: string; bytes: number; jsonError: BilingualText | null }
  | { ok: false; error: BilingualText };

export function previewDraft(editor: PublishEditor, device: DeviceRef): DraftPreview {
  const built = buildPublish(draftOf(editor), device, PREVIEW_ID);
  if (!built.ok) return built;
  const checked = validateJson(built.payload);
  return { ok: true, topic: built.topic, payload: built.payload, bytes: utf8Length(built.payload), jsonError: checked.ok ? null : { en: checked.en, zh: checked.zh } };
}
