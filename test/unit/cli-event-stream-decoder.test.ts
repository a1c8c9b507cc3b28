import { describe, expect, it } from "vitest";
import { EventStreamDecoder } from "../../cli/invoke/event-stream-decoder.ts";
import { encodeEventMessage, invokeComplete, payloadChunk } from "../../runtime/emulator/event-stream.ts";

describe("EventStreamDecoder", () => {
  it("yields each message once it is complete, however the bytes are split", () => {
    const wire = Buffer.concat([...payloadChunk([Buffer.from("hello ")]), ...payloadChunk([Buffer.from([0, 255]), Buffer.from([10])]), invokeComplete({ LogResult: "" })]);
    for (const size of [1, 7, 64, wire.length]) {
      const decoder = new EventStreamDecoder();
      const messages = [];
      for (let at = 0; at < wire.length; at += size) messages.push(...decoder.push(wire.subarray(at, at + size)));
      expect(messages.map((m) => m.headers[":event-type"])).toEqual(["PayloadChunk", "PayloadChunk", "InvokeComplete"]);
      expect(messages[0]!.payload.toString()).toBe("hello ");
      expect([...messages[1]!.payload]).toEqual([0, 255, 10]);
      expect(JSON.parse(messages[2]!.payload.toString())).toEqual({ LogResult: "" });
      expect(decoder.pending).toBe(0);
    }
  });

  it("reports a cut message as pending bytes and rejects a corrupted one", () => {
    const message = encodeEventMessage({ ":message-type": "event", ":event-type": "PayloadChunk" }, Buffer.from("abc"));
    const cut = new EventStreamDecoder();
    expect(cut.push(message.subarray(0, message.length - 2))).toEqual([]);
    expect(cut.pending).toBe(message.length - 2);
    const corrupted = Buffer.from(message);
    corrupted.writeUInt8(corrupted.readUInt8(corrupted.length - 6) ^ 0xff, corrupted.length - 6);
    expect(() => new EventStreamDecoder().push(corrupted)).toThrow(/bad message CRC/);
  });
});
