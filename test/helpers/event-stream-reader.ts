// Reads an application/vnd.amazon.eventstream body message by message, as it arrives, checking
// both CRCs, so tests can act between chunks.
import { crc32 } from "node:zlib";

export interface EventMessage {
  headers: Record<string, string>;
  payload: Buffer;
}

export class EventStreamReader {
  readonly #source: AsyncIterator<Buffer>;
  #buffered = Buffer.alloc(0);

  constructor(body: AsyncIterable<Buffer | Uint8Array>) {
    const iterator = body[Symbol.asyncIterator]();
    this.#source = { next: async () => { const r = await iterator.next(); return r.done ? r : { done: false, value: Buffer.from(r.value) }; } };
  }

  /** The next message, or undefined at the end of the body. */
  async next(): Promise<EventMessage | undefined> {
    while (this.#buffered.length < 4 || this.#buffered.length < this.#buffered.readUInt32BE(0)) {
      const { done, value } = await this.#source.next();
      if (done) {
        if (this.#buffered.length === 0) return undefined;
        throw new Error(`event stream ended inside a message (${this.#buffered.length} bytes left)`);
      }
      this.#buffered = Buffer.concat([this.#buffered, value]);
    }
    const total = this.#buffered.readUInt32BE(0);
    const message = this.#buffered.subarray(0, total);
    this.#buffered = this.#buffered.subarray(total);
    if (crc32(message.subarray(0, 8)) !== message.readUInt32BE(8)) throw new Error("bad prelude CRC");
    if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) throw new Error("bad message CRC");
    const headersLength = message.readUInt32BE(4);
    const headers: Record<string, string> = {};
    for (let at = 12; at < 12 + headersLength; ) {
      const nameLength = message.readUInt8(at);
      const name = message.subarray(at + 1, at + 1 + nameLength).toString("utf8");
      const type = message.readUInt8(at + 1 + nameLength);
      if (type !== 7) throw new Error(`header type ${type} not expected`);
      const valueLength = message.readUInt16BE(at + 2 + nameLength);
      headers[name] = message.subarray(at + 4 + nameLength, at + 4 + nameLength + valueLength).toString("utf8");
      at += 4 + nameLength + valueLength;
    }
    return { headers, payload: Buffer.from(message.subarray(12 + headersLength, total - 4)) };
  }

  /** Every remaining message. */
  async rest(): Promise<EventMessage[]> {
    const out: EventMessage[] = [];
    for (let m = await this.next(); m !== undefined; m = await this.next()) out.push(m);
    return out;
  }
}
