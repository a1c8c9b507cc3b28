// Counts the PayloadChunk bytes of an InvokeWithResponseStream body as it arrives, checking
// both CRCs of every message as an SDK client does, but without copying payloads (the test
// helper's reader copies each piece, which would measure the reader rather than the emulator).
import { crc32 } from "node:zlib";

const PAYLOAD_CHUNK = Buffer.from("PayloadChunk");

export async function countPayloadBytes(body: AsyncIterable<Buffer>, onFirstPayload: () => void): Promise<number> {
  let bytes = 0;
  let carry: Buffer | undefined;
  for await (const piece of body) {
    const buffer = carry === undefined ? piece : Buffer.concat([carry, piece]);
    let at = 0;
    while (buffer.length - at >= 12 && buffer.length - at >= buffer.readUInt32BE(at)) {
      const total = buffer.readUInt32BE(at);
      const message = buffer.subarray(at, at + total);
      if (crc32(message.subarray(0, 8)) !== message.readUInt32BE(8)) throw new Error("bad prelude CRC");
      if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) throw new Error("bad message CRC");
      const headersLength = message.readUInt32BE(4);
      if (message.subarray(12, 12 + headersLength).includes(PAYLOAD_CHUNK)) {
        if (bytes === 0) onFirstPayload();
        bytes += total - 16 - headersLength;
      }
      at += total;
    }
    carry = at < buffer.length ? buffer.subarray(at) : undefined;
  }
  if (carry !== undefined) throw new Error(`event stream ended inside a message (${carry.length} bytes left)`);
  return bytes;
}
