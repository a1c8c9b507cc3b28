// The application/vnd.amazon.eventstream framing of InvokeWithResponseStream (PROTOCOL §2.4):
// [total u32][headers length u32][prelude CRC32][headers][payload][message CRC32], big-endian,
// with string headers (type 7, u16 length).
import { crc32 } from "node:zlib";

export function encodeEventMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  return Buffer.concat(framePieces(encodeHeaders(headers), [payload]));
}

function encodeHeaders(headers: Record<string, string>): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, "utf8");
    const valueBytes = Buffer.from(value, "utf8");
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    header.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(header, 1);
    header.writeUInt8(7, 1 + nameBytes.length);
    header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(header, 4 + nameBytes.length);
    headerParts.push(header);
  }
  return Buffer.concat(headerParts);
}

/**
 * A message over the payload's pieces, as buffers to write in order: the pieces are not copied
 * (the message CRC runs over them where they lie), so a relayed stream's bytes go out as they came.
 */
function framePieces(headerBytes: Buffer, pieces: readonly Uint8Array[]): Uint8Array[] {
  let size = 0;
  for (const piece of pieces) size += piece.byteLength;
  const head = Buffer.allocUnsafe(12 + headerBytes.length);
  head.writeUInt32BE(12 + headerBytes.length + size + 4, 0);
  head.writeUInt32BE(headerBytes.length, 4);
  head.writeUInt32BE(crc32(head.subarray(0, 8)), 8);
  headerBytes.copy(head, 12);
  let crc = crc32(head);
  for (const piece of pieces) crc = crc32(piece, crc);
  const tail = Buffer.allocUnsafe(4);
  tail.writeUInt32BE(crc, 0);
  return [head, ...pieces, tail];
}

const PAYLOAD_CHUNK_HEADERS = encodeHeaders({ ":event-type": "PayloadChunk", ":content-type": "application/octet-stream", ":message-type": "event" });

/** A PayloadChunk message over the pieces (headers encoded once, pieces not copied). */
export function payloadChunk(pieces: readonly Uint8Array[]): Uint8Array[] {
  return framePieces(PAYLOAD_CHUNK_HEADERS, pieces);
}

export interface InvokeComplete {
  ErrorCode?: string;
  ErrorDetails?: string;
  LogResult: string;
}

export function invokeComplete(complete: InvokeComplete): Buffer {
  return encodeEventMessage({ ":event-type": "InvokeComplete", ":content-type": "application/json", ":message-type": "event" }, Buffer.from(JSON.stringify(complete)));
}
