// The host's view of a byte stream in tests: everything received, and waiting for what should come
// next. Matching moves a cursor, so each expectation consumes what it matched.

export class WireProbe {
  private received = Buffer.alloc(0);
  private cursor = 0;

  constructor(private readonly write: (bytes: Uint8Array) => void) {}

  /** Feed it whatever the module (or the port) delivers. */
  readonly feed = (chunk: Uint8Array): void => {
    this.received = Buffer.concat([this.received, chunk]);
  };

  /** Everything received so far, UTF-8 decoded. */
  get text(): string {
    return this.received.toString('utf8');
  }

  /** What has not been matched yet. */
  get rest(): string {
    return this.received.subarray(this.cursor).toString('utf8');
  }

  send(data: string | Uint8Array): void {
    this.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Waits until `pattern` appears after the cursor; returns the match and moves past it. */
  async waitFor(pattern: RegExp | string, ms = 4000): Promise<RegExpExecArray> {
    const regex = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const deadline = Date.now() + ms;
    for (;;) {
      const rest = this.received.subarray(this.cursor).toString('latin1');
      const m = regex.exec(rest);
      if (m) {
        this.cursor += m.index + m[0].length;
        // Report the match as UTF-8 text (the search ran on bytes so the cursor stays exact).
        const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
        const out = Object.assign([...m].map((s) => (s === undefined ? s : utf8(s))), { index: m.index, input: rest }) as RegExpExecArray;
        return out;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${regex} in ${JSON.stringify(this.rest.slice(-400))}`);
      await new Promise((r) => setTimeout(r, 3));
    }
  }

  /** Sends `line` + CR and waits for its final result; returns the text from the send to the result. */
  async command(line: string, final: RegExp = /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/, ms?: number): Promise<string> {
    const start = this.cursor;
    this.send(`${line}\r`);
    await this.waitFor(final, ms);
    return this.received.subarray(start, this.cursor).toString('utf8');
  }
}
