import { describe, expect, it } from "vitest";
import { MAX_RESPONSE_BYTES } from "../../runtime/errors.ts";
import { decodeEvent, encodeResult } from "../../runtime/payload.ts";

describe("decodeEvent", () => {
  it("parses JSON in JSON mode and treats an empty body as {}", () => {
    expect(decodeEvent(Buffer.from('{"a":[1,"b"]}'), "json")).toEqual({ a: [1, "b"] });
    expect(decodeEvent(Buffer.alloc(0), undefined)).toEqual({});
  });

  it("passes bytes through in raw mode", () => {
    const bytes = Buffer.from([0, 1, 254, 255]);
    expect(decodeEvent(bytes, "raw")).toBe(bytes);
  });

  it("rejects malformed JSON with Runtime.MalformedEvent and a hint", () => {
    expect(() => decodeEvent(Buffer.from("{nope"), "json")).toThrow(expect.objectContaining({ name: "Runtime.MalformedEvent", message: expect.stringContaining('mode: "raw"') }));
  });
});

describe("encodeResult", () => {
  it("serializes JSON mode results; undefined becomes null", () => {
    expect(encodeResult({ ok: true }, {})).toEqual({ body: '{"ok":true}', contentType: "application/json" });
    expect(encodeResult(undefined, {})).toEqual({ body: "null", contentType: "application/json" });
    expect(encodeResult("text", {})).toEqual({ body: '"text"', contentType: "application/json" });
  });

  it("fails clearly on results JSON cannot hold", () => {
    const circular: Record<string, unknown> = {};
    circular["me"] = circular;
    expect(() => encodeResult(circular, {})).toThrow(expect.objectContaining({ name: "Runtime.UnserializableResponse" }));
    expect(() => encodeResult(10n, {})).toThrow(/BigInt/);
  });

  it("sends raw results as they are", () => {
    const bytes = new Uint8Array([9, 8]);
    expect(encodeResult(bytes, { mode: "raw" })).toEqual({ body: bytes, contentType: "application/octet-stream" });
    expect(encodeResult("hi", { mode: "raw", contentType: "text/plain" })).toEqual({ body: "hi", contentType: "text/plain" });
    expect(encodeResult(new Uint8Array([1]).buffer, { mode: "raw" }).body).toEqual(new Uint8Array([1]));
    expect(encodeResult(undefined, { mode: "raw" }).body).toBe("");
    expect(() => encodeResult({ a: 1 }, { mode: "raw" })).toThrow(expect.objectContaining({ name: "Runtime.InvalidRawResponse" }));
  });

  it("refuses results over Lambda's limit, counting UTF-8 bytes", () => {
    expect(encodeResult("x".repeat(MAX_RESPONSE_BYTES - 2), {}).body).toHaveLength(MAX_RESPONSE_BYTES);
    expect(() => encodeResult("x".repeat(MAX_RESPONSE_BYTES - 1), {})).toThrow(expect.objectContaining({ name: "Function.ResponseSizeTooLarge" }));
    // 2.2 M three-byte characters: few UTF-16 units, but over the limit in UTF-8.
    expect(() => encodeResult("€".repeat(2_200_000), { mode: "raw" })).toThrow(/6600000 bytes/);
    expect(() => encodeResult(new Uint8Array(MAX_RESPONSE_BYTES + 1), { mode: "raw" })).toThrow(/Function|exceeded/);
  });
});
