// What the runtime keeps or writes per invoke sits in buffers of its own, never in a slice of
// Node's shared 64 KiB pool, which would outlive the invoke in V8's old generation.
import { describe, expect, it } from "vitest";
import { newResponseParser, pushResponse } from "../../runtime/transport/response-parser.ts";
import { encodePrelude } from "../../runtime/streaming/http-response-stream.ts";
import { unpooledCopy, unpooledJoin } from "../../runtime/unpooled.ts";

const ownsItsMemory = (bytes: Buffer) => bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;

describe("buffers of their own", () => {
  it("join text (Latin-1) and bytes, and copy bytes, exactly", () => {
    const joined = unpooledJoin(["5\r\n", Buffer.from("héllo", "latin1"), "\r\n"]);
    expect(joined.toString("latin1")).toBe("5\r\nhéllo\r\n");
    expect(ownsItsMemory(joined)).toBe(true);
    const copy = unpooledCopy(Buffer.from("abc").subarray(1));
    expect(copy.toString()).toBe("bc");
    expect(ownsItsMemory(copy)).toBe(true);
  });

  it("hold an answer's body, whole or gathered from several reads", () => {
    const whole = pushResponse(newResponseParser(), Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    expect(whole?.body.toString()).toBe("hello");
    expect(ownsItsMemory(whole!.body)).toBe(true);
    const chunked = newResponseParser();
    expect(pushResponse(chunked, Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n"))).toBeUndefined();
    const joined = pushResponse(chunked, Buffer.from("1\r\nc\r\n0\r\n\r\n"));
    expect(joined?.body.toString()).toBe("abc");
    expect(ownsItsMemory(joined!.body)).toBe(true);
  });

  it("carry a streamed response's HTTP prelude, non-ASCII included", () => {
    const prelude = encodePrelude({ statusCode: 201, headers: { "x-name": "zoë" } });
    expect(ownsItsMemory(prelude)).toBe(true);
    expect(prelude.subarray(-8)).toEqual(Buffer.alloc(8));
    expect(JSON.parse(prelude.subarray(0, -8).toString("utf8"))).toEqual({ statusCode: 201, headers: { "x-name": "zoë" }, cookies: [] });
  });
});
