import { describe, expect, it } from "vitest";
import { resolveHandler } from "../../runtime/resolve-handler.ts";

describe("resolveHandler", () => {
  const handler = async () => 1;
  const other = async () => 2;

  it("prefers serve()'s handler, then _HANDLER's export, then handler, then default", () => {
    expect(resolveHandler({ handler: other }, undefined, handler)).toBe(handler);
    expect(resolveHandler({ main: handler, handler: other }, "main")).toBe(handler);
    expect(resolveHandler({ handler }, "missing")).toBe(handler);
    expect(resolveHandler({ default: handler }, undefined)).toBe(handler);
  });

  it("fails with Runtime.HandlerNotFound naming what it looked for", () => {
    expect(() => resolveHandler({ handler: "not a function" }, "main")).toThrow(
      expect.objectContaining({ name: "Runtime.HandlerNotFound", message: expect.stringContaining('"main" or "handler" or "default"') }),
    );
  });

  it("refuses callback-style handlers as Node.js 24 on Lambda does", () => {
    const callbackStyle = (_e: unknown, _c: unknown, _cb: unknown) => undefined;
    expect(() => resolveHandler({ handler: callbackStyle }, undefined)).toThrow(expect.objectContaining({ name: "Runtime.CallbackHandlerDeprecated" }));
    expect(() => resolveHandler({}, undefined, callbackStyle as never)).toThrow(/callback-style/);
  });
});
