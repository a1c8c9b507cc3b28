import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runInInvoke } from "../../runtime/invoke-store.ts";
import { formatJson, formatText, parseFormat } from "../../runtime/logging/format.ts";
import { parseLevel } from "../../runtime/logging/levels.ts";
import { createLogger } from "../../runtime/logging/logger.ts";
import { patchConsole } from "../../runtime/logging/console-patch.ts";
import { createSink, frameSink, stdoutSink } from "../../runtime/logging/sink.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("record formats", () => {
  it("text: timestamp, request id, level and the formatted message, tab-separated", () => {
    const line = formatText("WARN", { requestId: "req-1", tenantId: undefined }, ["%s has %d items", "cart", 3, { a: 1 }]);
    const [timestamp, requestId, level, message] = line.split("\t");
    expect(timestamp).toMatch(ISO);
    expect(requestId).toBe("req-1");
    expect(level).toBe("WARN");
    expect(message).toBe("cart has 3 items { a: 1 }\n");
  });

  const json = (args: unknown[], level: "INFO" | "ERROR" = "INFO") => JSON.parse(formatJson(level, { requestId: "req-2", tenantId: undefined }, args));

  it("JSON: one object with timestamp, level, requestId, tenantId and message", () => {
    const record = JSON.parse(formatJson("INFO", { requestId: "req-2", tenantId: "t-1" }, ["hello", 42]));
    expect(record).toEqual({ timestamp: expect.stringMatching(ISO), level: "INFO", requestId: "req-2", tenantId: "t-1", message: "hello 42" });
  });

  it("JSON: a single object argument stays JSON in message", () => {
    expect(json([{ orderId: 42, status: "paid", items: [1, 2] }]).message).toEqual({ orderId: 42, status: "paid", items: [1, 2] });
    expect(json([7]).message).toBe(7);
    expect(json(["just text"]).message).toBe("just text");
  });

  it("JSON: several arguments are util.format'ed into one string", () => {
    expect(json(["%s has %d items", "cart", 3, { a: 1 }]).message).toBe("cart has 3 items { a: 1 }");
    expect(json([{ orderId: 42 }, "paid"]).message).toBe("{ orderId: 42 } paid");
  });

  it("JSON: an Error after the first argument adds errorType, errorMessage and a stackTrace array", () => {
    const record = json(["failed:", new RangeError("too far")], "ERROR");
    expect(record).toMatchObject({ level: "ERROR", errorType: "RangeError", errorMessage: "too far", message: expect.stringMatching(/^failed: RangeError: too far\n    at /) });
    expect(record.stackTrace[0]).toBe("RangeError: too far");
    expect(record.stackTrace[1]).toMatch(/^    at /);
    expect(record).not.toHaveProperty("tenantId");
  });

  it("JSON: an Error alone (or inside an object) becomes its fields in message", () => {
    class OrderRejected extends Error {
      readonly orderId = 42;
    }
    const alone = json([new OrderRejected("no stock")], "ERROR");
    expect(alone.message).toMatchObject({ errorType: "OrderRejected", errorMessage: "no stock", orderId: 42 });
    expect(alone.message.stackTrace[0]).toBe("Error: no stock");
    expect(alone).not.toHaveProperty("errorType");
    const nested = json([{ step: "charge", cause: new TypeError("bad card") }], "ERROR");
    expect(nested.message).toMatchObject({ step: "charge", cause: { errorType: "TypeError", errorMessage: "bad card" } });
  });

  it("JSON: a value JSON cannot hold (circular, BigInt) is logged as its util.format text", () => {
    const order: Record<string, unknown> = { id: 1 };
    order["self"] = order;
    expect(json([order]).message).toBe("<ref *1> { id: 1, self: [Circular *1] }");
    expect(json([10n]).message).toBe("10n");
  });

  it("JSON: an undefined single argument leaves message out, as JSON.stringify does", () => {
    expect(json([undefined])).not.toHaveProperty("message");
  });

  it("logError: text is the label, a tab and the error as JSON with a stack array; JSON is a record of the error", () => {
    const lines: string[] = [];
    const text = createLogger(formatText, (_level, record) => lines.push(record), undefined);
    const failure = Object.assign(new TypeError("bad input"), { field: "email" });
    text.logError("Invoke Error", failure);
    const [, , level, message] = lines[0]!.split("\t");
    expect(level).toBe("ERROR");
    expect(message).toBe("Invoke Error ");
    const body = JSON.parse(lines[0]!.split("\t").slice(4).join("\t"));
    expect(body).toEqual({ errorType: "TypeError", errorMessage: "bad input", field: "email", stack: failure.stack!.split("\n") });

    const records: string[] = [];
    createLogger(formatJson, (_level, record) => records.push(record), undefined).logError("Init Error", "plain string");
    expect(JSON.parse(records[0]!)).toMatchObject({ level: "ERROR", message: { errorType: "Error", errorMessage: "plain string", stackTrace: expect.any(Array) } });
  });

  it("parses AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL case-insensitively", () => {
    expect(parseFormat("json")).toBe("json");
    expect(parseFormat("JSON")).toBe("json");
    expect(parseFormat("Text")).toBe("text");
    expect(parseFormat(undefined)).toBe("text");
    expect(parseLevel("warn")).toBe("WARN");
    expect(parseLevel("loud")).toBeUndefined();
  });
});

describe("sinks", () => {
  it("stdout: newlines inside a record become carriage returns; one line per record", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    stdoutSink("INFO", "a\tb\tINFO\tfirst\nsecond\n");
    stdoutSink("INFO", '{"message":"x\\ny"}');
    expect(write.mock.calls.map((c) => c[0])).toEqual(["a\tb\tINFO\tfirst\rsecond\n", '{"message":"x\\ny"}\n']);
  });

  it("telemetry fd: 16-byte header (type|level, length, µs timestamp) then the message", () => {
    const dir = mkdtempSync(join(tmpdir(), "frames-"));
    const path = join(dir, "fd");
    const fd = openSync(path, "w");
    const before = Date.now() * 1000;
    frameSink(fd, "json")("WARN", '{"m":"multi\nline"}');
    frameSink(fd, "text")("INFO", "two\nlines, zoë €\n");
    closeSync(fd);
    const data = readFileSync(path);
    const first = { type: data.readUInt32BE(0), length: data.readInt32BE(4), micros: Number(data.readBigInt64BE(8)) };
    expect(first.type).toBe(0xa55a0012); // JSON | WARN
    expect(first.micros).toBeGreaterThanOrEqual(before);
    expect(data.subarray(16, 16 + first.length).toString()).toBe('{"m":"multi\nline"}');
    const second = 16 + first.length;
    expect(data.readUInt32BE(second)).toBe(0xa55a000f); // text | INFO
    expect(data.readInt32BE(second + 4)).toBe(Buffer.byteLength("two\nlines, zoë €\n"));
    expect(data.subarray(second + 16).toString()).toBe("two\nlines, zoë €\n");
  });

  it("takes the telemetry fd from the environment and removes it", () => {
    const env: NodeJS.ProcessEnv = { _LAMBDA_TELEMETRY_LOG_FD: "1" };
    expect(createSink("text", env)).not.toBe(stdoutSink);
    expect(env).not.toHaveProperty("_LAMBDA_TELEMETRY_LOG_FD");
    expect(createSink("text", {})).toBe(stdoutSink);
  });
});

describe("logger and console", () => {
  it("stamps the current invoke's request id and filters below the level", () => {
    const records: string[] = [];
    const logger = createLogger(formatText, (_level, record) => records.push(record), "INFO");
    logger.debug("hidden");
    logger.info("outside");
    runInInvoke({ requestId: "req-9", traceId: undefined, tenantId: undefined }, () => logger.error("inside"));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatch(/^\S+\t\tINFO\toutside\n$/);
    expect(records[1]).toMatch(/^\S+\treq-9\tERROR\tinside\n$/);
  });

  it("routes console methods to levels", () => {
    const levels: string[] = [];
    const logger = createLogger(formatText, (level) => levels.push(level), undefined);
    const target = { ...console } as Console;
    patchConsole(logger, target);
    target.log("l");
    target.info("i");
    target.debug("d");
    target.trace("t");
    target.warn("w");
    target.error("e");
    (target as Console & { fatal(...a: unknown[]): void }).fatal("f");
    expect(levels).toEqual(["INFO", "INFO", "DEBUG", "TRACE", "WARN", "ERROR", "FATAL"]);
  });
});
