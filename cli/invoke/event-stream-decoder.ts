// Decodes application/vnd.amazon.eventstream (InvokeWithResponseStream's body) incrementally:
// bytes go in as they arrive, whole messages come out, both CRCs checked. Message layout:
// [total u32][headers length u32][prelude CRC32][headers][payload][message CRC32], big-endian.
import { crc32 } from "node:zlib";

export interface EventStreamMessage {
  headers: Record<string, string | number | boolean | Buffer>;
  payload: Buffer;
}

export class EventStreamDecoder {
  #buffered: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns every message they complete. */
  push(bytes: Uint8Array): EventStreamMessage[] {
    this.#buffered = this.#buffered.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.#buffered, bytes]);
    const messages: EventStreamMessage[] = [];
    while (this.#buffered.length >= 12) {
      const total = this.#buffered.readUInt32BE(0);
      if (total < 16) throw new Error(`event stream: message length ${total} is shorter than its framing`);
      if (crc32(this.#buffered.subarray(0, 8)) !== this.#buffered.readUInt32BE(8)) throw new Error("event stream: bad prelude CRC");
      if (this.#buffered.length < total) break;
      const message = this.#buffered.subarray(0, total);
      this.#buffered = this.#buffered.subarray(total);
      if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) throw new Error("event stream: bad message CRC");
      const headersLength = message.readUInt32BE(4);
      messages.push({ headers: decodeHeaders(message.subarray(12, 12 + headersLength)), payload: Buffer.from(message.subarray(12 + headersLength, total - 4)) });
    }
    return messages;
  }

  /** Bytes of a message not yet complete (non-zero at the end of a body means it was cut). */
  get pending(): number {
    return this.#buffered.length;
  }
}

function decodeHeaders(bytes: Buffer): EventStreamMessage["headers"] {
  const headers: EventStreamMessage["headers"] = {};
  let at = 0;
  while (at < bytes.length) {
    const nameLength = bytes.readUInt8(at);
    const name = bytes.subarray(at + 1, at + 1 + nameLength).toString("utf8");
    at += 1 + nameLength;
    const type = bytes.readUInt8(at);
    at += 1;
    switch (type) {
      case 0: headers[name] = true; break;
      case 1: headers[name] = false; break;
      case 2: headers[name] = bytes.readInt8(at); at += 1; break;
      case 3: headers[name] = bytes.readInt16BE(at); at += 2; break;
      case 4: headers[name] = bytes.readInt32BE(at); at += 4; break;
      case 5: case 8: headers[name] = Number(bytes.readBigInt64BE(at)); at += 8; break;
      case 6: case 7: {
        const length = bytes.readUInt16BE(at);
        const value = bytes.subarray(at + 2, at + 2 + length);
        headers[name] = type === 7 ? value.toString("utf8") : Buffer.from(value);
        at += 2 + length;
        break;
      }
      case 9: headers[name] = Buffer.from(bytes.subarray(at, at + 16)); at += 16; break;
      default: throw new Error(`event stream: unknown header type ${type} for ${name}`);
    }
  }
  return headers;
}
