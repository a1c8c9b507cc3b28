import { describe, expect, it } from "vitest";
import { functionNameOf } from "../../runtime/emulator/function-registry.ts";
import { LOG_TAIL_BYTES, LogTail } from "../../runtime/emulator/log-tail.ts";

describe("functionNameOf", () => {
  it("takes a name, an ARN or a partial ARN, with or without a qualifier", () => {
    expect(functionNameOf("orders")).toBe("orders");
    expect(functionNameOf("orders:live")).toBe("orders");
    expect(functionNameOf("arn:aws:lambda:eu-west-1:123456789012:function:orders")).toBe("orders");
    expect(functionNameOf("arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST")).toBe("orders");
    expect(functionNameOf("123456789012:function:orders")).toBe("orders");
  });

  it("refuses what is no function name", () => {
    expect(functionNameOf("a:b:c")).toBeUndefined();
    expect(functionNameOf("")).toBeUndefined();
  });
});

describe("LogTail", () => {
  const decode = (tail: LogTail) => Buffer.from(tail.encode(), "base64");

  it("returns every line of a short log, each ending in a newline", () => {
    const tail = new LogTail();
    tail.add("START");
    tail.add("hello");
    expect(decode(tail).toString("utf8")).toBe("START\nhello\n");
  });

  it("keeps exactly the last 4 KB of a long log", () => {
    const tail = new LogTail();
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    for (const line of lines) tail.add(line);
    const all = Buffer.from(lines.map((l) => `${l}\n`).join(""));
    expect(decode(tail)).toEqual(all.subarray(all.length - LOG_TAIL_BYTES));
  });

  it("keeps the end of one line longer than 4 KB", () => {
    const tail = new LogTail();
    tail.add(`${"a".repeat(5000)}z`);
    const bytes = decode(tail);
    expect(bytes.length).toBe(LOG_TAIL_BYTES);
    expect(bytes.toString("utf8").endsWith("az\n")).toBe(true);
  });

  it("does not start inside a character cut by the 4 KB boundary", () => {
    const tail = new LogTail();
    // "é" is two bytes; with 4095 bytes after it, the cut falls between its two bytes.
    tail.add(`é${"b".repeat(LOG_TAIL_BYTES - 2)}`);
    const text = decode(tail).toString("utf8");
    expect(text).toBe(`${"b".repeat(LOG_TAIL_BYTES - 2)}\n`);
    expect(text).not.toContain("\uFFFD");
  });
});
