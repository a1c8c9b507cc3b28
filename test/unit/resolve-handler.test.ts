import { describe, expect, it } from "vitest";
import { parseHandlerSpec } from "../../runtime/handler-spec.ts";
import { resolveHandler } from "../../runtime/resolve-handler.ts";

describe("resolveHandler", () => {
  const handler = async () => 1;
  const other = async () => 2;
  const spec = parseHandlerSpec;

  it("takes serve()'s handler over any export", () => {
    expect(resolveHandler({ handler: other }, undefined, handler)).toBe(handler);
    expect(resolveHandler({ main: other }, spec("index.main"), handler)).toBe(handler);
  });

  it("follows _HANDLER's export path, nested properties included", () => {
    expect(resolveHandler({ main: handler, handler: other }, spec("index.main"))).toBe(handler);
    expect(resolveHandler({ handlers: { orders: { create: handler } }, handler: other }, spec("src/app.handlers.orders.create"))).toBe(handler);
  });

  it("looks inside the default export, as for a CommonJS module imported as ESM", () => {
    expect(resolveHandler({ default: { main: handler } }, spec("index.main"))).toBe(handler);
  });

  it("never falls back to another export when _HANDLER names one that is missing", () => {
    expect(() => resolveHandler({ handler, default: other }, spec("index.nope"))).toThrow(
      expect.objectContaining({ name: "Runtime.HandlerNotFound", message: "index.nope is undefined or not exported" }),
    );
    expect(() => resolveHandler({ handlers: {} , handler }, spec("src/app.handlers.main"))).toThrow("src/app.handlers.main is undefined or not exported");
    expect(() => resolveHandler({ main: "not a function", handler }, spec("index.main"))).toThrow(
      expect.objectContaining({ name: "Runtime.HandlerNotFound", message: "index.main is not a function" }),
    );
  });

  it("without _HANDLER, uses `handler`, then the default export", () => {
    expect(resolveHandler({ handler, default: other }, undefined)).toBe(handler);
    expect(resolveHandler({ default: other }, undefined)).toBe(other);
    expect(() => resolveHandler({ main: handler }, undefined)).toThrow(expect.objectContaining({ name: "Runtime.HandlerNotFound" }));
  });

  it("refuses callback-style handlers as Node.js 24 on Lambda does", () => {
    const callbackStyle = (_e: unknown, _c: unknown, _cb: unknown) => undefined;
    expect(() => resolveHandler({ handler: callbackStyle }, undefined)).toThrow(expect.objectContaining({ name: "Runtime.CallbackHandlerDeprecated" }));
    expect(() => resolveHandler({ main: callbackStyle }, spec("index.main"))).toThrow(expect.objectContaining({ name: "Runtime.CallbackHandlerDeprecated" }));
    expect(() => resolveHandler({}, undefined, callbackStyle as never)).toThrow(/callback-style/);
  });
});
