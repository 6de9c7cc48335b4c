// Saved publish snippets: a small JSON file in userData (path injected). The file is the user's and
// may be hand-edited or damaged: every entry is checked on load, a bad one is skipped with a warning,
// and an unreadable file is set aside as `<file>.bad` before it is written again — never a crash.
import { readFile, rename, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { BilingualText, PublishDraft, QoS } from '../../shared/aliyun';

export interface Snippet {
  name: string;
  qos: QoS;
  retain: boolean;
  draft: PublishDraft;
}

export interface SnippetList {
  snippets: Snippet[];
  /** Set when the file or some entries could not be read. */
  warning?: BilingualText;
}

const params = z.union([z.string(), z.record(z.string(), z.unknown())]);
const snippetSchema = z.object({
  name: z.string().min(1).max(64),
  qos: z.union([z.literal(0), z.literal(1)]),
  retain: z.boolean(),
  draft: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('property-post'), params }),
    z.object({ kind: z.literal('event-post'), eventId: z.string(), params }),
    z.object({ kind: z.literal('custom'), topic: z.string(), payload: z.string() }),
  ]),
});
const FILE_VERSION = 1;

export class SnippetStore {
  /** The file could not be read as a whole: keep a copy before overwriting it. */
  private damaged = false;

  constructor(private readonly filePath: string) {}

  async load(): Promise<SnippetList> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { snippets: [] };
      return this.unreadable(`cannot be read (${(err as Error).message})`, `无法读取（${(err as Error).message}）`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.unreadable('is not valid JSON', '不是合法的 JSON');
    }
    const entries = (json as { snippets?: unknown })?.snippets;
    if (!Array.isArray(entries)) return this.unreadable('has no snippet list', '里没有片段列表');
    this.damaged = false;
    const snippets: Snippet[] = [];
    for (const entry of entries) {
      const parsed = snippetSchema.safeParse(entry);
      if (parsed.success && !snippets.some((s) => s.name === parsed.data.name)) snippets.push(parsed.data);
    }
    const skipped = entries.length - snippets.length;
    if (skipped === 0) return { snippets };
    return {
      snippets,
      warning: {
        en: `${skipped} saved snippet(s) in ${this.filePath} could not be read and were skipped`,
        zh: `${this.filePath} 中有 ${skipped} 个片段无法读取，已跳过`,
      },
    };
  }

  /** Adds or replaces (by name) a snippet; returns the list as saved, or why it was not saved. */
  async save(snippet: Snippet): Promise<{ ok: true; snippets: Snippet[] } | ({ ok: false } & BilingualText)> {
    const checked = snippetSchema.safeParse(snippet);
    if (!checked.success) {
      return { ok: false, en: 'A snippet needs a name of 1–64 characters, QoS 0 or 1 and a draft', zh: '片段需要 1–64 个字符的名称、QoS 0 或 1 以及消息内容' };
    }
    const { snippets } = await this.load();
    const next = [...snippets.filter((s) => s.name !== checked.data.name), checked.data];
    await this.write(next);
    return { ok: true, snippets: next };
  }

  async remove(name: string): Promise<Snippet[]> {
    const { snippets } = await this.load();
    const next = snippets.filter((s) => s.name !== name);
    await this.write(next);
    return next;
  }

  private unreadable(en: string, zh: string): SnippetList {
    this.damaged = true;
    return {
      snippets: [],
      warning: { en: `The snippet file ${this.filePath} ${en}; it will be kept as ${this.filePath}.bad when you save`, zh: `片段文件 ${this.filePath} ${zh}；保存时会把它另存为 ${this.filePath}.bad` },
    };
  }

  private async write(snippets: Snippet[]): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    if (this.damaged) {
      await copyFile(this.filePath, `${this.filePath}.bad`).catch(() => undefined);
      this.damaged = false;
    }
    // Write beside and rename, so a crash mid-write leaves the old file whole.
    const temp = `${this.filePath}.tmp`;
    await writeFile(temp, JSON.stringify({ version: FILE_VERSION, snippets }, null, 2), 'utf8');
    await rename(temp, this.filePath);
  }
}
