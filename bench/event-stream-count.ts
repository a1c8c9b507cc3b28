// Counts the PayloadChunk bytes of an InvokeWithResponseStream body as it arrives, checking
// both CRCs of every message as an SDK client does, but without copying payloads more than
// once (the test helper's reader copies each piece, which would measure the reader rather than
// the emulator).
import { crc32 } from "node:zlib";

const PAYLOAD_CHUNK = Buffer.from("PayloadChunk");

export async function countPayloadBytes(body: AsyncIterable<Buffer>, onFirstPayload: () => void): Promise<number> {
  let bytes = 0;
  // Pieces of a message not yet complete, joined once it is.
  let parts: Buffer[] = [];
  let partsLength = 0;
  for await (const piece of body) {
    parts.push(piece);
    partsLength += piece.length;
    if (partsLength < 4) continue;
    const head = parts[0]!.length >= 4 ? parts[0]! : Buffer.concat(parts);
    if (partsLength < head.readUInt32BE(0)) continue;
    const buffer = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partsLength);
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
    parts = at < buffer.length ? [buffer.subarray(at)] : [];
    partsLength = buffer.length - at;
  }
  if (partsLength > 0) throw new Error(`event stream ended inside a message (${partsLength} bytes left)`);
  return bytes;
}
