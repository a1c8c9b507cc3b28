// The log of one invoke as Invoke's `LogType: Tail` returns it: START, the function's and the
// extensions' lines, END and REPORT, of which only the last 4 KB are kept (base64 on the wire).

export const LOG_TAIL_BYTES = 4096;

export class LogTail {
  readonly #lines: Buffer[] = [];
  #bytes = 0;

  add(line: string): void {
    const bytes = Buffer.from(`${line}\n`, "utf8");
    this.#lines.push(bytes);
    this.#bytes += bytes.length;
    // Whole lines that can no longer reach the last 4 KB are dropped as they fall out.
    while (this.#lines.length > 1 && this.#bytes - this.#lines[0]!.length >= LOG_TAIL_BYTES) this.#bytes -= this.#lines.shift()!.length;
  }

  /** The last 4 KB, starting on a character boundary, base64-encoded. */
  encode(): string {
    let tail = Buffer.concat(this.#lines);
    if (tail.length > LOG_TAIL_BYTES) tail = tail.subarray(tail.length - LOG_TAIL_BYTES);
    let start = 0;
    // A cut inside a UTF-8 sequence leaves continuation bytes (10xxxxxx) at the front.
    while (start < tail.length && start < 3 && (tail[start]! & 0xc0) === 0x80) start++;
    return tail.subarray(start).toString("base64");
  }
}
